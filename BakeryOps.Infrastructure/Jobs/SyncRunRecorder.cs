using System.Diagnostics;
using BakeryOps.Domain.Jobs;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Infrastructure.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Jobs;

/// <summary>
/// Records every run of a background job in <c>sync_runs</c>: a row when it starts, its progress, and how it ended with
/// its counts and the error in words. A run that throws is recorded as failed (the exception is logged with the
/// object), one stopped by its cancellation token as cancelled; the outcome is returned, never thrown, so a loop goes on.
/// When the database cannot take the row the work still runs and the outcome goes to the log, so recording never
/// stops a job that does not need the database itself.
/// </summary>
public sealed partial class SyncRunRecorder(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    SyncRunNotifications notifications,
    IOptions<SyncRunOptions> options,
    TimeProvider clock,
    ILogger<SyncRunRecorder> logger)
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    private long _lastPruneTimestamp;

    /// <summary>This process, as recorded on its runs.</summary>
    public static string Node { get; } = Environment.MachineName;

    /// <summary>Runs <paramref name="work"/> as one recorded run of <paramref name="job"/> and returns how it ended.</summary>
    public async Task<SyncRunView> RunAsync(
        string job, string trigger, string? facilityId, Func<SyncRunHandle, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        ArgumentNullException.ThrowIfNull(work);
        var run = new SyncRun
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            Job = job,
            Trigger = Shorten(string.IsNullOrWhiteSpace(trigger) ? "unknown" : trigger, SyncRun.MaxTriggerLength),
            FacilityId = facilityId,
            Node = Node,
            Status = SyncRunStatus.Running,
            StartedAt = clock.GetUtcNow(),
        };
        using var activity = BakeryOpsTelemetry.StartRoot($"{job} run");
        activity?.SetTag(BakeryOpsMetrics.JobTag, job);
        activity?.SetTag("bakeryops.run_id", run.Id);
        activity?.SetTag("bakeryops.trigger", run.Trigger);
        activity?.SetTag("bakeryops.facility_id", facilityId);
        var recorded = await TrySaveAsync(run, added: false, cancellationToken);
        notifications.Publish(SyncRunView.From(run));
        var handle = new SyncRunHandle(this, run);
        SyncRunStatus status;
        string? error;
        try
        {
            await work(handle, cancellationToken);
            (status, error) = handle.Failures.Count == 0
                ? (SyncRunStatus.Succeeded, null)
                : (SyncRunStatus.Failed, string.Join(" ", handle.Failures));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            (status, error) = (SyncRunStatus.Cancelled, "Stopped before it finished (the portal is shutting down or the run was cancelled).");
        }
        catch (Exception ex)
        {
            LogRunFailed(ex, job, run.Id);
            activity.Failed(ex);
            (status, error) = (SyncRunStatus.Failed, string.Join(" ", handle.Failures.Append(Describe(ex))));
        }

        await FinishAsync(run, status, error, recorded);
        Measure(run, activity);
        return SyncRunView.From(run);
    }

    private static void Measure(SyncRun run, Activity? activity)
    {
        var status = SyncRunStatuses.Name(run.Status);
        BakeryOpsMetrics.JobRun(run.Job, status, (run.FinishedAt ?? run.StartedAt) - run.StartedAt);
        SyncRowOutcomes.Record(run.Job, run.Counts);
        if (activity is null)
        {
            return;
        }

        activity.SetTag(BakeryOpsMetrics.StatusTag, status);
        foreach (var (name, value) in run.Counts)
        {
            activity.SetTag($"bakeryops.count.{name}", value);
        }

        if (run.Status == SyncRunStatus.Failed && activity.Status != ActivityStatusCode.Error)
        {
            activity.SetStatus(ActivityStatusCode.Error, run.Error);
        }
    }

    /// <summary>
    /// Closes the runs this node left marked running when it stopped or crashed, so a job never looks busy forever.
    /// Called at start, before any job runs.
    /// </summary>
    public async Task<int> CloseInterruptedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.SyncRuns.Where(r => r.Node == Node && r.Status == SyncRunStatus.Running).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var run in open)
        {
            run.Status = SyncRunStatus.Failed;
            run.FinishedAt = now;
            run.Error = "Interrupted: the portal stopped before the run finished.";
        }

        await db.SaveChangesAsync(cancellationToken);
        if (open.Count > 0)
        {
            LogInterruptedClosed(open.Count, Node);
        }

        return open.Count;
    }

    internal async Task SaveProgressAsync(SyncRun run, string progress, CancellationToken cancellationToken)
    {
        run.Progress = Shorten(progress, SyncRun.MaxProgressLength);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.SyncRuns.Update(run);
            await db.SaveChangesAsync(cancellationToken);
        }

        notifications.Publish(SyncRunView.From(run));
    }

    // A run that ends while the portal stops must still be recorded, so no token is passed on.
    private async Task FinishAsync(SyncRun run, SyncRunStatus status, string? error, bool recorded)
    {
        run.Status = status;
        run.FinishedAt = clock.GetUtcNow();
        run.Progress = null;
        run.Error = error is null ? null : Shorten(error, SyncRun.MaxErrorLength);
        if (await TrySaveAsync(run, recorded, CancellationToken.None))
        {
            await TryPruneAsync();
        }

        notifications.Publish(SyncRunView.From(run));
    }

    /// <summary>Adds the run's row, or updates it once added; a database that cannot take it is logged, not thrown.</summary>
    private async Task<bool> TrySaveAsync(SyncRun run, bool added, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (added)
            {
                db.SyncRuns.Update(run);
            }
            else
            {
                db.SyncRuns.Add(run);
            }

            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ObjectDisposedException ex)
        {
            // A host torn down without a graceful stop (tests, a crash) has no database left.
            LogNotRecordedServicesGone(ex, run.Job, run.Id, SyncRunStatuses.Name(run.Status));
            return false;
        }
        catch (Exception ex)
        {
            // The database is what failed: the log is the only place left to say how the run went.
            LogNotRecorded(ex, run.Job, run.Id, SyncRunStatuses.Name(run.Status), run.Error);
            return false;
        }
    }

    private async Task TryPruneAsync()
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            await PruneAsync(db);
        }
        catch (Exception ex)
        {
            LogPruneFailed(ex);
        }
    }

    private async Task PruneAsync(BakeryOpsDbContext db)
    {
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref _lastPruneTimestamp);
        if (last != 0 && clock.GetElapsedTime(last, now) < PruneEvery || Interlocked.CompareExchange(ref _lastPruneTimestamp, now, last) != last)
        {
            return;
        }

        var cutoff = clock.GetUtcNow().AddDays(-options.Value.RunHistoryDays);
        var removed = await db.SyncRuns.Where(r => r.Status != SyncRunStatus.Running && r.StartedAt < cutoff).ExecuteDeleteAsync();
        if (removed > 0)
        {
            LogPruned(removed, options.Value.RunHistoryDays);
        }
    }

    /// <summary>The exception's message and those of its causes, as an operator reads them.</summary>
    internal static string Describe(Exception exception)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null && messages.Count < 4; e = e.InnerException)
        {
            var message = e.Message.Trim();
            if (message.Length > 0 && !messages.Any(m => m.Contains(message, StringComparison.Ordinal)))
            {
                messages.Add(message);
            }
        }

        return messages.Count == 0 ? exception.GetType().Name : string.Join(" — ", messages);
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} of {Job} failed")]
    private partial void LogRunFailed(Exception exception, string job, Guid runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} of {Job} ({Status}) could not be recorded in sync_runs: {RunError}")]
    private partial void LogNotRecorded(Exception exception, string job, Guid runId, string status, string? runError);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} of {Job} ({Status}) could not be recorded: the portal's services are already disposed")]
    private partial void LogNotRecordedServicesGone(Exception exception, string job, Guid runId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Old runs could not be removed from sync_runs; the next run tries again")]
    private partial void LogPruneFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} run(s) of node {Node} were still marked running at start; recorded as interrupted")]
    private partial void LogInterruptedClosed(int count, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} run(s) older than {Days} days from sync_runs")]
    private partial void LogPruned(int count, int days);
}
