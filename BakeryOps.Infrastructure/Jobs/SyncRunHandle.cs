using BakeryOps.Domain.Jobs;

namespace BakeryOps.Infrastructure.Jobs;

/// <summary>The run a job's work reports into: named counts, progress in words, and a failure it wants recorded.</summary>
public sealed class SyncRunHandle
{
    private readonly SyncRunRecorder _recorder;
    private readonly List<string> _failures = [];

    internal SyncRunHandle(SyncRunRecorder recorder, SyncRun run)
    {
        _recorder = recorder;
        Run = run;
    }

    public Guid Id => Run.Id;

    internal SyncRun Run { get; }

    internal IReadOnlyList<string> Failures => _failures;

    public void Count(string name, long delta = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Run.Counts[name] = Run.Counts.GetValueOrDefault(name) + delta;
    }

    /// <summary>Records where the run has got to and tells the open pages.</summary>
    public Task ReportProgressAsync(string progress, CancellationToken cancellationToken) =>
        _recorder.SaveProgressAsync(Run, progress, cancellationToken);

    /// <summary>
    /// Marks the run failed without ending the work, for a job that goes on with its other parts (one dataset failing
    /// must not hold back another); the run ends as failed with every reason given.
    /// </summary>
    public void Fail(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        _failures.Add(reason);
    }
}
