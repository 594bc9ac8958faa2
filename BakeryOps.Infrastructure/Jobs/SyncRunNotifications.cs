using Microsoft.Extensions.Logging;

namespace BakeryOps.Infrastructure.Jobs;

/// <summary>
/// Tells the open pages of this process that a run started, moved or ended, so they update over their circuit
/// instead of polling. A subscriber that throws is logged and does not stop the others or the run.
/// </summary>
public sealed partial class SyncRunNotifications(ILogger<SyncRunNotifications> logger)
{
    public event Action<SyncRunView>? RunChanged;

    public void Publish(SyncRunView run)
    {
        if (RunChanged is not { } handlers)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<SyncRunView>>())
        {
            try
            {
                handler(run);
            }
            catch (Exception ex)
            {
                LogSubscriberFailed(ex, run.Job, run.Id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber to run changes failed on run {RunId} of {Job}")]
    private partial void LogSubscriberFailed(Exception exception, string job, Guid runId);
}
