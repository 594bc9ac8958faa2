using System.Security.Cryptography;
using System.Text;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Lake.Outbox;

/// <summary>
/// Writes waiting <c>lake_outbox</c> records to the lake, a file per dataset and batch. The records leave the outbox
/// in the same transaction that adds the run's <c>dispatch_logs</c> rows, so each batch is recorded exactly once.
/// </summary>
public sealed partial class LakeOutboxFlusher(
    IServiceScopeFactory scopes, IOptions<LakeOutboxOptions> options, ILogger<LakeOutboxFlusher> logger)
{
    public const string Actor = "lake-batching";

    // One pass at a time per process: two overlapping passes would write the same batch twice.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Writes everything waiting; returns the number of records written.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var written = 0;
            foreach (var dataset in new[] { BakeryOpsLakeRecords.Products, BakeryOpsLakeRecords.Movements })
            {
                // One dataset's failure must not hold back the other's records.
                try
                {
                    int batch;
                    do
                    {
                        batch = await FlushBatchAsync(dataset, cancellationToken);
                        written += batch;
                    }
                    while (batch > 0);
                }
                catch (LakeSchemaRefusedException ex)
                {
                    // The registry recorded it as action required; the records wait until an Admin resolves it.
                    LogRefused(dataset, ex.Message);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(ex, dataset);
                }
            }

            return written;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> FlushBatchAsync(string dataset, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BakeryOpsDbContext>();
        var entries = await db.LakeOutbox.AsNoTracking()
            .Where(e => e.Dataset == dataset)
            .OrderBy(e => e.Id)
            .Take(options.Value.MaxRecordsPerFile)
            .ToListAsync(cancellationToken);
        if (entries.Count == 0)
        {
            return 0;
        }

        var ids = entries.Select(e => e.Id).ToList();
        var (first, last) = (ids[0], ids[^1]);
        var runId = RunId(dataset, ids);
        var records = entries.Select(e => (IReadOnlyDictionary<string, object?>)LakeRecordJson.Read(e.PayloadJson)).ToAsyncEnumerable();
        var writer = scope.ServiceProvider.GetRequiredService<ILakeWriter>();
        // The records leave the outbox in the transaction that records the run, so a stop at any point either leaves
        // both (the batch is written again, its earlier files orphaned but never logged) or neither.
        var result = await writer.WriteAsync(
            BakeryOpsLakeRecords.TableOf(dataset),
            records,
            new LakeRun(runId, Actor, $"lake_outbox:{first}-{last} ({ids.Count} records)", (context, ct) => RemoveAsync(context, ids, ct)),
            cancellationToken);
        LogWritten(dataset, entries.Count, result.Files.Count, first, last);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Lake batching of {Dataset} is stopped until its schema is resolved: {Reason}")]
    private partial void LogRefused(string dataset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lake batch of {Dataset} failed; its records stay in the outbox for the next pass")]
    private partial void LogFailed(Exception exception, string dataset);
}
