using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Schemas;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Lake.Housekeeping;

/// <summary>
/// Removes the days of a dataset older than its <c>Lake:Retention:Days</c>, one day at a time: a manifest that lists
/// the removed files (so the manifests naming them still verify) commits with the removal of their dispatch_logs
/// rows, then the objects are deleted. With <c>Lake:Retention:DryRun</c> it only counts.
/// </summary>
public sealed class LakeRetention(
    ILakeStore store,
    LakeWriter writer,
    ISchemaRegistry registry,
    IDbContextFactory<BakeryOpsDbContext> contexts,
    IOptions<LakeRetentionOptions> options,
    TimeProvider clock,
    ILogger<LakeRetention> logger)
{
    public async Task ApplyAsync(SyncRunHandle run, DateOnly today, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        foreach (var (dataset, keep) in settings.Days.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var cutoff = today.AddDays(-keep);
            List<Domain.Lake.DispatchLog> expired;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                expired = await db.DispatchLogs.AsNoTracking()
                    .Where(d => d.Dataset == dataset && d.PartitionDate < cutoff)
                    .OrderBy(d => d.ObjectKey)
                    .ToListAsync(cancellationToken);
            }

            foreach (var day in expired.GroupBy(e => e.PartitionDate).OrderBy(g => g.Key))
            {
                var files = day.ToList();
                if (settings.DryRun)
                {
                    run.Count(LakeHousekeeping.Counts.RetentionFilesDue, files.Count);
                    LakeHousekeepingLog.Retention(logger, dataset, day.Key, files.Count, files.Sum(f => f.SizeBytes), "due (dry run: kept)");
                    continue;
                }

                try
                {
                    await RemoveDayAsync(dataset, day.Key, files, cancellationToken);
                    run.Count(LakeHousekeeping.Counts.RetentionFiles, files.Count);
                    LakeHousekeepingLog.Retention(logger, dataset, day.Key, files.Count, files.Sum(f => f.SizeBytes), "removed");
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LakeHousekeepingLog.DayFailed(logger, ex, dataset, day.Key);
                    run.Fail($"Retention of {dataset} on {day.Key:yyyy-MM-dd} failed: {SyncRunRecorder.Describe(ex)}");
                }
            }
        }
    }

    private async Task RemoveDayAsync(string dataset, DateOnly day, List<Domain.Lake.DispatchLog> files, CancellationToken cancellationToken)
    {
        var keys = files.Select(f => f.ObjectKey).ToList();
        var version = (await registry.ListVersionsAsync(dataset, cancellationToken)).LastOrDefault()?.Version ?? 0;
        var run = new LakeRun(Guid.CreateVersion7(clock.GetUtcNow()), LakeCompactor.Actor, $"retention of {dataset}: {day:yyyy-MM-dd} removed",
            async (db, _, ct) =>
            {
                var removed = await db.DispatchLogs.Where(d => keys.Contains(d.ObjectKey)).ExecuteDeleteAsync(ct);
                if (removed != keys.Count)
                {
                    throw new InvalidOperationException($"{keys.Count - removed} of the {keys.Count} files of {dataset} on {day:yyyy-MM-dd} changed meanwhile; retention tries again next run.");
                }
            });
        await writer.RecordReplacementAsync(dataset, version, run, [],
            [.. files.Select(f => new LakeManifestFile(f.ObjectKey, f.RowCount, f.SizeBytes, f.Sha256))], cancellationToken);
        foreach (var key in keys)
        {
            try
            {
                await store.DeleteAsync(key, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LakeHousekeepingLog.DeleteFailed(logger, ex, key);
                throw;
            }
        }
    }
}
