using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Lake.Housekeeping;

/// <summary>
/// The <c>lake-housekeeping</c> job, one recorded run: the deletes earlier compactions still owe, compaction of the
/// closed days of the last <c>Lake:Housekeeping:LookbackDays</c>, retention (<c>Lake:Retention</c>), and the sweep of abandoned uploads. One
/// day of one dataset failing is recorded and the run goes on with the others.
/// </summary>
public sealed class LakeHousekeeping(
    LakeCompactor compactor,
    LakeRetention retention,
    ILakeStore store,
    SyncRunRecorder recorder,
    IOptions<LakeHousekeepingOptions> options,
    IOptions<LakeOptions> lakeOptions,
    TimeProvider clock,
    ILogger<LakeHousekeeping> logger)
{
    public const string Job = "lake-housekeeping";

    public static class Counts
    {
        public const string DaysCompacted = "days_compacted";
        public const string FilesReplaced = "files_replaced";
        public const string FilesWritten = "files_written";
        public const string RowsCompacted = "rows_compacted";
        public const string DeletesLeft = "deletes_left";
        public const string LateDeletes = "late_deletes";
        public const string RetentionFiles = "retention_files";
        public const string RetentionFilesDue = "retention_files_due";
        public const string AbandonedUploads = "abandoned_uploads";
    }

    /// <summary>The scheduled pass: owed deletes, closed days, retention, abandoned uploads.</summary>
    public Task<SyncRunView> RunAsync(string trigger, CancellationToken cancellationToken) =>
        recorder.RunAsync(Job, trigger, null, async (run, ct) =>
        {
            await DeleteLeftoversAsync(run, ct);
            var today = Today();
            var pairs = await compactor.FindCompactableAsync(today.AddDays(-options.Value.LookbackDays), today.AddDays(-1), ct);
            await CompactAsync(run, pairs, ct);
            await retention.ApplyAsync(run, today, ct);
            await SweepAsync(run, ct);
        }, cancellationToken);

    /// <summary>
    /// Compacts every dataset of one day now, today included (files written to it afterwards are compacted by a later
    /// run); nothing else.
    /// </summary>
    public Task<SyncRunView> RunDayAsync(DateOnly day, string trigger, CancellationToken cancellationToken) =>
        recorder.RunAsync(Job, trigger, null, async (run, ct) =>
            await CompactAsync(run, await compactor.FindCompactableAsync(day, day, ct), ct), cancellationToken);

    /// <summary>The UTC day, as the lake partitions by it.</summary>
    public DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private async Task CompactAsync(SyncRunHandle run, IReadOnlyList<(string Dataset, DateOnly Day)> pairs, CancellationToken cancellationToken)
    {
        foreach (var (dataset, day) in pairs)
        {
            await run.ReportProgressAsync($"Compacting {dataset} of {day:yyyy-MM-dd}", cancellationToken);
            try
            {
                var done = await compactor.CompactAsync(dataset, day, cancellationToken);
                if (done.ManifestKey is null)
                {
                    continue;
                }

                run.Count(Counts.DaysCompacted);
                run.Count(Counts.FilesReplaced, done.FilesBefore);
                run.Count(Counts.FilesWritten, done.FilesAfter);
                run.Count(Counts.RowsCompacted, done.Rows);
                if (done.DeleteFailures > 0)
                {
                    run.Count(Counts.DeletesLeft, done.DeleteFailures);
                    run.Fail($"{done.DeleteFailures} replaced file(s) of {dataset} on {day:yyyy-MM-dd} could not be deleted and still hold rows of {done.ManifestKey}.");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LakeHousekeepingLog.DayFailed(logger, ex, dataset, day);
                run.Fail($"Compacting {dataset} of {day:yyyy-MM-dd} failed, its files are kept: {SyncRunRecorder.Describe(ex)}");
            }
        }
    }

    private async Task DeleteLeftoversAsync(SyncRunHandle run, CancellationToken cancellationToken)
    {
        await run.ReportProgressAsync("Deleting files earlier compactions replaced", cancellationToken);
        try
        {
            var leftovers = await compactor.DeleteLeftoversAsync(cancellationToken);
            run.Count(Counts.LateDeletes, leftovers.Deleted);
            if (leftovers.Left > 0)
            {
                run.Count(Counts.DeletesLeft, leftovers.Left);
                run.Fail($"{leftovers.Left} file(s) earlier compactions replaced still hold doubled rows: {string.Join("; ", leftovers.Problems)}.");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LakeHousekeepingLog.LeftoversFailed(logger, ex);
            run.Fail($"Deleting the files earlier compactions replaced failed: {SyncRunRecorder.Describe(ex)}");
        }
    }

    private async Task SweepAsync(SyncRunHandle run, CancellationToken cancellationToken)
    {
        try
        {
            var prefix = lakeOptions.Value.Prefix.Trim('/');
            var removed = await store.SweepAbandonedUploadsAsync(
                prefix.Length == 0 ? "" : prefix + "/", clock.GetUtcNow().AddHours(-options.Value.AbandonedUploadHours), cancellationToken);
            run.Count(Counts.AbandonedUploads, removed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LakeHousekeepingLog.SweepFailed(logger, ex);
            run.Fail($"Sweeping abandoned uploads failed: {SyncRunRecorder.Describe(ex)}");
        }
    }
}
