using System.Security.Cryptography;
using System.Text;
using BakeryOps.Domain.Lake;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Lake.Outbox;

/// <summary>
/// Writes waiting <c>lake_outbox</c> entries to the lake, a file per dataset and batch, as one recorded run of
/// <see cref="Job"/>. The entries leave the outbox in the same transaction that adds the run's <c>dispatch_logs</c> rows,
/// so each batch is recorded exactly once; a batch that fails stays for the next pass and the run is recorded failed.
/// </summary>
public sealed partial class LakeOutboxFlusher(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    ILakeWriter writer,
    SyncRunRecorder runs,
    IOptions<LakeOutboxOptions> options,
    ILogger<LakeOutboxFlusher> logger)
{
    public const string Actor = "lake-batching";
    public const string Job = "lake-outbox-flush";

    /// <summary>The run's count of entries written, over every dataset.</summary>
    public const string RecordsCount = "records";

    public const string FilesCount = "files";

    // One pass at a time per process: two overlapping passes would write the same batch twice.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Writes everything waiting and returns the number of entries written. A pass that finds nothing waiting is not a
    /// run and is not recorded; any other pass is, with <paramref name="trigger"/> (schedule, shutdown, a user).
    /// </summary>
    public async Task<int> FlushAsync(string trigger, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (await MeasureDepthAsync(cancellationToken) == 0)
            {
                return 0;
            }

            var run = await runs.RunAsync(Job, trigger, facilityId: null, FlushDatasetsAsync, cancellationToken);
            await MeasureDepthAsync(cancellationToken);
            return (int)run.Counts.GetValueOrDefault(RecordsCount);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Counts what waits per dataset for the <c>bakeryops.lake.outbox.depth</c> gauge and returns the total.</summary>
    private async Task<long> MeasureDepthAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var waiting = await db.LakeOutbox.GroupBy(e => e.Dataset).Select(g => new { Dataset = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.Dataset, g => g.Count, cancellationToken);
        foreach (var dataset in BakeryOpsLakeDatasets.All)
        {
            BakeryOpsMetrics.OutboxDepth(dataset.Name, waiting.GetValueOrDefault(dataset.Name));
        }

        return waiting.Values.Sum();
    }

    private async Task FlushDatasetsAsync(SyncRunHandle run, CancellationToken cancellationToken)
    {
        foreach (var dataset in BakeryOpsLakeDatasets.All)
        {
            // One dataset's failure must not hold back the other's records.
            try
            {
                while (await FlushBatchAsync(dataset, run, cancellationToken) > 0)
                {
                }
            }
            catch (LakeSchemaRefusedException ex)
            {
                // The registry recorded it as action required; the entries wait until an Admin resolves it.
                LogRefused(ex, dataset.Name);
                run.Fail($"{dataset.Name}: action required on the Schemas page: {ex.Message} Its records wait in the outbox.");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogFailed(ex, dataset.Name);
                run.Fail($"{dataset.Name}: {SyncRunRecorder.Describe(ex)} Its records stay in the outbox for the next pass.");
            }
        }
    }

    private async Task<int> FlushBatchAsync(LakeOutboxDataset dataset, SyncRunHandle run, CancellationToken cancellationToken)
    {
        List<LakeOutboxEntry> entries;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            entries = await db.LakeOutbox.AsNoTracking()
                .Where(e => e.Dataset == dataset.Name)
                .OrderBy(e => e.Id)
                .Take(options.Value.MaxRecordsPerFile)
                .ToListAsync(cancellationToken);
        }

        if (entries.Count == 0)
        {
            return 0;
        }

        var ids = entries.Select(e => e.Id).ToList();
        var (first, last) = (ids[0], ids[^1]);
        await run.ReportProgressAsync($"{dataset.Name}: writing outbox {first}-{last} ({ids.Count} records)", cancellationToken);
        // The entries leave the outbox in the transaction that records the run, so a stop at any point either leaves
        // both (the batch is written again, its earlier files orphaned but never logged) or neither.
        var result = await dataset.WriteAsync(
            writer,
            entries,
            new LakeRun(RunId(dataset.Name, ids), Actor, $"lake_outbox:{first}-{last} ({ids.Count} records)", (context, _, ct) => RemoveAsync(context, ids, ct)),
            cancellationToken);
        run.Count(dataset.Name, entries.Count);
        run.Count(RecordsCount, entries.Count);
        run.Count(FilesCount, result.Files.Count);
        LogWritten(dataset.Name, entries.Count, result.Files.Count, first, last);
        return entries.Count;
    }

    // By id, not by range: a change committed meanwhile with an id inside the range was not in this batch.
    private static async Task RemoveAsync(BakeryOpsDbContext db, List<long> ids, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(1000))
        {
            await db.LakeOutbox.Where(e => chunk.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The same batch always gets the same run id, and a batch of other records another one: it hashes every outbox
    /// id, because a transaction that committed late can add an id inside an earlier batch's range.
    /// </summary>
    public static Guid RunId(string dataset, IReadOnlyList<long> ids)
    {
        var text = new StringBuilder("lake_outbox/").Append(dataset);
        foreach (var id in ids)
        {
            text.Append('/').Append(id);
        }

        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))[..16]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lake batch of {Dataset}: {Records} record(s) in {Files} file(s) (outbox {FirstId}-{LastId})")]
    private partial void LogWritten(string dataset, int records, int files, long firstId, long lastId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lake batching of {Dataset} is stopped until its schema is resolved")]
    private partial void LogRefused(Exception exception, string dataset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lake batch of {Dataset} failed; its records stay in the outbox for the next pass")]
    private partial void LogFailed(Exception exception, string dataset);
}
