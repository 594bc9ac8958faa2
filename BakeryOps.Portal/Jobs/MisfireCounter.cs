using Quartz;

namespace BakeryOps.Portal.Jobs;

/// <summary>
/// The misfires this node's scheduler has seen since it started (a firing that could not run on time: the portal was
/// down or every thread busy), by job, so <c>/health</c> shows an operator that schedules are being skipped.
/// </summary>
public sealed class MisfireCounter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _byJob = new(StringComparer.Ordinal);

    public long Total { get; private set; }

    public DateTimeOffset? Last { get; private set; }

    public IReadOnlyDictionary<string, long> ByJob
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, long>(_byJob, StringComparer.Ordinal);
            }
        }
    }

    public void Record(string job, DateTimeOffset at)
    {
        lock (_gate)
        {
            _byJob[job] = _byJob.GetValueOrDefault(job) + 1;
            Total++;
            Last = at;
        }
    }
}

/// <summary>Tells the <see cref="MisfireCounter"/> and the log of each misfire Quartz detects.</summary>
public sealed partial class MisfireListener(MisfireCounter counter, TimeProvider clock, ILogger<MisfireListener> logger) : ITriggerListener
{
    public string Name => "bakeryops-misfires";

    public ValueTask TriggerMisfired(ITrigger trigger, IScheduler scheduler, CancellationToken cancellationToken = default)
    {
        counter.Record(trigger.JobKey.Name, clock.GetUtcNow());
        LogMisfired(logger, trigger.JobKey.Name, trigger.NextFireTimeUtc);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A firing of job {Job} misfired (it could not run on time); it fires next at {NextFireTime}")]
    private static partial void LogMisfired(ILogger logger, string job, DateTimeOffset? nextFireTime);
}
