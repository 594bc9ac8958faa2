using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Lake.Outbox;

/// <summary>Runs <see cref="LakeOutboxFlusher"/> every <c>Lake:Batching:IntervalSeconds</c> and once more at shutdown.</summary>
public sealed partial class LakeOutboxService(
    LakeOutboxFlusher flusher, IOptions<LakeOutboxOptions> options, TimeProvider clock, ILogger<LakeOutboxService> logger)
    : BackgroundService
{
    public const string ScheduleTrigger = "schedule";
    public const string ShutdownTrigger = "shutdown";

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // What changed since the last pass goes out now rather than waiting in the outbox for the next start.
        await TryFlushAsync(ShutdownTrigger, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.IntervalSeconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TryFlushAsync(ScheduleTrigger, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // A pass records its own outcome in sync_runs; what reaches here is a failure to read the outbox or to record the
    // run at all (the database is down), which only the log and the database's /health entry can show.
    private async Task TryFlushAsync(string trigger, CancellationToken cancellationToken)
    {
        try
        {
            await flusher.FlushAsync(trigger, cancellationToken);
        }
        catch (ObjectDisposedException ex)
        {
            // A host torn down without a graceful stop (tests, a crash) has no database left to write with.
            LogServicesGone(ex, trigger);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex, trigger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lake batching pass ({Trigger}) skipped: the portal's services are already disposed; the records stay in the outbox for the next start")]
    private partial void LogServicesGone(Exception exception, string trigger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lake batching pass ({Trigger}) could not run or be recorded; the records stay in the outbox for the next pass")]
    private partial void LogFailed(Exception exception, string trigger);
}
