using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using BakeryOps.Domain.Lake;
using BakeryOps.Domain.Schemas;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Schemas;
using BakeryOps.Infrastructure.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parquet;
using Parquet.Schema;

namespace BakeryOps.Infrastructure.Lake.Writing;

/// <summary>
/// The lake writer. A run: the schema is registered (refused → nothing written); rows stream into Parquet files
/// (explicit types, bounded row groups) uploaded as they are written; then, in one database transaction, a
/// <c>dispatch_logs</c> row per file is added, the run's manifest is uploaded and the transaction commits. Any failure
/// removes what the run made visible, so a run is there whole or not at all.
/// </summary>
public sealed class LakeWriter(
    ILakeStore store,
    ISchemaRegistry registry,
    IDbContextFactory<BakeryOpsDbContext> contexts,
    LakeRunGate gate,
    IOptions<LakeOptions> lakeOptions,
    IOptions<LakeWriterOptions> writerOptions,
    TimeProvider clock,
    ILogger<LakeWriter> logger) : ILakeWriter
{
    private readonly LakeWriterOptions _options = writerOptions.Value;
    private readonly string _prefix = lakeOptions.Value.Prefix;
    private readonly LakeStoreResilience _store = new(writerOptions.Value, clock, logger);

    public Task<LakeWriteResult> WriteRecordsAsync(
        string dataset, IReadOnlyList<IReadOnlyDictionary<string, object?>> records, LakeRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(run);
        if (records.Count == 0)
        {
            throw new ArgumentException("A run of records needs at least one record: there is no schema to infer from none.", nameof(records));
        }

        // The records are in memory, so unlike a stream they can be written again after a transient store failure.
        return RunAsync(RecordTable(SchemaInference.Infer(dataset, records)), () => records.ToAsyncEnumerable(), replayable: true, run, cancellationToken, RecordTable);
    }

    private static LakeTable<IReadOnlyDictionary<string, object?>> RecordTable(DatasetSchema schema)
    {
        var table = new LakeTable<IReadOnlyDictionary<string, object?>>(schema.Dataset);
        foreach (var field in schema.Fields)
        {
            var name = field.Name;
            table.Column(field, record => record.TryGetValue(name, out var value) ? value : null);
        }

        return table;
    }

    public Task<LakeWriteResult> WriteAsync<T>(LakeTable<T> table, IAsyncEnumerable<T> rows, LakeRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(run);
        var consumed = false;
        return RunAsync(table, () => !consumed ? Once() : throw new InvalidOperationException("A row stream can be read once."), replayable: false, run, cancellationToken);

        IAsyncEnumerable<T> Once()
        {
            consumed = true;
            return rows;
        }
    }

    public Task<LakeWriteResult> WriteAsync<T>(LakeTable<T> table, IReadOnlyList<T> rows, LakeRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(run);
        return RunAsync(table, rows.ToAsyncEnumerable, replayable: true, run, cancellationToken);
    }

    // retable, for inferred flows: the table for the schema the registry registered, which may be wider than the batch's own.
    private async Task<LakeWriteResult> RunAsync<T>(
        LakeTable<T> table, Func<IAsyncEnumerable<T>> rows, bool replayable, LakeRun run, CancellationToken cancellationToken,
        Func<DatasetSchema, LakeTable<T>>? retable = null)
    {
        if (table.Columns.Count == 0)
        {
            throw new ArgumentException($"The table of {table.Dataset} declares no columns.", nameof(table));
        }

        var started = clock.GetTimestamp();
        var dataset = table.Dataset;
        using var activity = BakeryOpsTelemetry.Source.StartActivity("lake upload");
        activity?.SetTag(BakeryOpsMetrics.DatasetTag, dataset);
        activity?.SetTag("bakeryops.run_id", run.RunId);
        using var state = await gate.EnterAsync(dataset, cancellationToken);

        SchemaRegistration registration;
        if (retable is null)
        {
            registration = await registry.RegisterAsync(table.Schema, run.Actor, cancellationToken);
        }
        else
        {
            (registration, var registered) = await registry.RegisterInferredAsync(table.Schema, run.Actor, cancellationToken);
            table = registered is null ? table : retable(registered);
        }

        if (!registration.Accepted)
        {
            LakeWriterLog.SchemaRefused(logger, run.RunId, dataset, string.Join("; ", registration.Incompatibilities));
            throw new LakeSchemaRefusedException(dataset, registration.Incompatibilities);
        }

        var version = registration.Version
            ?? throw new InvalidOperationException($"The schema registry accepted {dataset} without naming a version.");

        var progress = new RunProgress();
        List<LakeFileWrittenAt> files;
        try
        {
            files = await WriteDataAsync(table, rows, replayable, progress, cancellationToken);
        }
        catch (Exception ex)
        {
            LakeWriterLog.RunFailed(logger, ex, run.RunId, dataset, progress.Rows);
            activity.Failed(ex);
            throw;
        }

        string manifestKey;
        try
        {
            manifestKey = await RecordRunAsync(state, dataset, version, run, files, cancellationToken);
        }
        catch (LakeCommitUnknownException ex)
        {
            // The commit may have gone through: deleting the files could leave dispatch_logs rows naming nothing.
            LakeWriterLog.RunFailed(logger, ex, run.RunId, dataset, progress.Rows);
            activity.Failed(ex);
            throw;
        }
        catch (Exception ex)
        {
            await DeleteQuietlyAsync(files.Select(f => f.File.Key));
            LakeWriterLog.RunFailed(logger, ex, run.RunId, dataset, progress.Rows);
            activity.Failed(ex);
            throw;
        }

        var result = new LakeWriteResult(dataset, version, manifestKey, [.. files.Select(f => f.File)]);
        var bytes = result.Files.Sum(f => f.Size);
        BakeryOpsMetrics.LakeWritten(dataset, result.Rows, bytes, result.Files.Count);
        activity?.SetTag("bakeryops.lake.rows", result.Rows);
        activity?.SetTag("bakeryops.lake.bytes", bytes);
        activity?.SetTag("bakeryops.lake.files", result.Files.Count);
        LakeWriterLog.RunWritten(logger, run.RunId, result.Rows, dataset, version, files.Count, manifestKey, (long)clock.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    /// <summary>
    /// Writes the data files; on failure removes those already completed. Rows that can be read again are written again
    /// after a transient store failure, through the same pipeline as every other store operation.
    /// </summary>
    private Task<List<LakeFileWrittenAt>> WriteDataAsync<T>(
        LakeTable<T> table, Func<IAsyncEnumerable<T>> rows, bool replayable, RunProgress progress, CancellationToken cancellationToken) =>
        replayable
            ? _store.RunAsync($"write {table.Dataset}", ct => WriteDataOnceAsync(table, rows(), progress, ct), cancellationToken)
            : WriteDataOnceAsync(table, rows(), progress, cancellationToken);

    private async Task<List<LakeFileWrittenAt>> WriteDataOnceAsync<T>(
        LakeTable<T> table, IAsyncEnumerable<T> rows, RunProgress progress, CancellationToken cancellationToken)
    {
        var written = new List<LakeFileWrittenAt>();
        try
        {
            progress.Rows = 0;
            await WriteFilesAsync(table, rows, written, progress, cancellationToken);
            return written;
        }
        catch
        {
            await DeleteQuietlyAsync(written.Select(f => f.File.Key));
            throw;
        }
    }

    private async Task WriteFilesAsync<T>(
        LakeTable<T> table, IAsyncEnumerable<T> rows, List<LakeFileWrittenAt> written, RunProgress progress, CancellationToken cancellationToken)
    {
        var rowGroupSize = _options.RowGroupSize;
        var buffers = table.Columns.Select(c => c.CreateBuffer(rowGroupSize)).ToArray();
        var schema = new ParquetSchema(table.Columns.Select(c => c.ParquetField));
        var parquetOptions = ParquetOptions();
        ParquetFileUpload? file = null;
        var buffered = 0;
        var bufferedBytes = 0L;
        try
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                progress.Rows++;
                foreach (var buffer in buffers)
                {
                    bufferedBytes += buffer.Append(row, buffered, progress.Rows);
                }

                buffered++;
                if (buffered < rowGroupSize && bufferedBytes < _options.RowGroupMaxBytes)
                {
                    continue;
                }

                file ??= await StartFileAsync(table.Dataset, schema, parquetOptions, cancellationToken);
                await file.WriteRowGroupAsync(buffers, buffered, cancellationToken);
                (buffered, bufferedBytes) = (0, 0);
                if (file.Rows >= _options.MaxRowsPerFile)
                {
                    written.Add(await CompleteAsync(file, cancellationToken));
                    await file.DisposeAsync();
                    file = null;
                }
            }

            if (buffered > 0)
            {
                file ??= await StartFileAsync(table.Dataset, schema, parquetOptions, cancellationToken);
                await file.WriteRowGroupAsync(buffers, buffered, cancellationToken);
            }

            if (file is not null)
            {
                written.Add(await CompleteAsync(file, cancellationToken));
            }
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync();
            }
        }
    }

    private async Task<ParquetFileUpload> StartFileAsync(string dataset, ParquetSchema schema, ParquetOptions options, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var key = LakeKeys.DataFile(_prefix, dataset, now, LakeUnique.Create(now));
        var upload = await _store.RunAsync($"begin upload of {key}", ct => store.BeginUploadAsync(key, ct), cancellationToken);
        return await ParquetFileUpload.StartAsync(upload, key, DateOnly.FromDateTime(now.UtcDateTime), schema, options, cancellationToken);
    }

    private async Task<LakeFileWrittenAt> CompleteAsync(ParquetFileUpload file, CancellationToken cancellationToken)
    {
        var completed = await file.CompleteAsync(cancellationToken);
        LakeWriterLog.FileWritten(logger, completed.File.Key, completed.File.Rows, completed.File.Size, completed.File.Sha256);
        return completed;
    }

    /// <summary>
    /// Records files written outside a run (the housekeeping's compacted files) as one run that replaces others, in
    /// the dataset's turn so the chain stays linear: a manifest listing the new files and, in
    /// <see cref="LakeManifest.Replaces"/>, the replaced ones; in the same transaction the new files' dispatch_logs
    /// rows and <paramref name="run"/>'s InCommit (which removes the replaced files' rows).
    /// </summary>
    internal async Task<string> RecordReplacementAsync(
        string dataset, int version, LakeRun run, IReadOnlyList<LakeFileWrittenAt> files, IReadOnlyList<LakeManifestFile> replaces,
        CancellationToken cancellationToken)
    {
        using var state = await gate.EnterAsync(dataset, cancellationToken);
        return await RecordRunAsync(state, dataset, version, run, files, cancellationToken, replaces);
    }

    /// <summary>
    /// The dispatch logs and the manifest commit together: the rows are added in a transaction that commits only once
    /// the manifest is stored, and a manifest whose commit fails is removed again.
    /// </summary>
    private async Task<string> RecordRunAsync(
        LakeRunGate.DatasetState state, string dataset, int version, LakeRun run, IReadOnlyList<LakeFileWrittenAt> files, CancellationToken cancellationToken,
        IReadOnlyList<LakeManifestFile>? replaces = null)
    {
        var previous = await FindPreviousManifestAsync(state, dataset, cancellationToken);
        var now = clock.GetUtcNow();
        // Manifest keys must sort in chain order, or the next run would link to the wrong one: never at or before the previous.
        var createdAt = previous is not null && previous.CreatedAt >= now ? previous.CreatedAt.AddMilliseconds(1) : now;
        var unique = LakeUnique.Create(createdAt) + (replaces is null ? "" : LakeManifest.HousekeepingSuffix);
        var manifestKey = LakeKeys.Manifest(_prefix, dataset, createdAt, unique);
        var manifest = new LakeManifest(
            LakeManifest.CurrentFormatVersion,
            run.RunId,
            dataset,
            version,
            run.Actor,
            run.SourceRange,
            [.. files.Select(f => new LakeManifestFile(f.File.Key, f.File.Rows, f.File.Size, f.File.Sha256))],
            files.Sum(f => f.File.Rows),
            createdAt,
            previous?.Key,
            previous?.Sha256,
            replaces);
        var bytes = manifest.ToUtf8Json();

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.DispatchLogs.AddRange(files.Select(f => new DispatchLog
        {
            Dataset = dataset,
            ObjectKey = f.File.Key,
            RowCount = f.File.Rows,
            SizeBytes = f.File.Size,
            Sha256 = f.File.Sha256,
            RunId = run.RunId,
            PartitionDate = f.PartitionDate,
            CreatedAt = now,
        }));
        await db.SaveChangesAsync(cancellationToken);
        if (run.InCommit is { } inCommit)
        {
            await inCommit(db, manifestKey, cancellationToken);
        }

        await PutAsync(manifestKey, bytes, cancellationToken);
        try
        {
            // Past this point the run is written: a late cancellation must not leave a manifest without its logs.
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The server may have committed before the connection failed: keep the manifest and files, because an
            // orphan file is recoverable and a dispatch_logs row naming a deleted file is not.
            throw new LakeCommitUnknownException($"The commit of run {run.RunId} of {dataset} failed; its outcome is unknown and its files are kept.", ex);
        }

        state.Last = new LakeManifestLink(manifestKey, Convert.ToHexStringLower(SHA256.HashData(bytes)), createdAt);
        return manifestKey;
    }

    /// <summary>
    /// The dataset's latest manifest: the last key in <c>_manifests/{dataset}/</c> (names sort by time, see
    /// <see cref="LakeUnique"/>), looking in today's names first, then the month's, the year's, and all. It is read and
    /// hashed unless it is the one this process wrote last.
    /// </summary>
    private async Task<LakeManifestLink?> FindPreviousManifestAsync(LakeRunGate.DatasetState state, string dataset, CancellationToken cancellationToken)
    {
        var sample = LakeKeys.Manifest(_prefix, dataset, clock.GetUtcNow(), "0");
        var folder = sample[..(sample.LastIndexOf('/') + 1)];
        var today = clock.GetUtcNow().UtcDateTime;
        string[] prefixes =
        [
            $"{folder}{dataset}_{today.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}",
            $"{folder}{dataset}_{today.ToString("yyyyMM", CultureInfo.InvariantCulture)}",
            $"{folder}{dataset}_{today.ToString("yyyy", CultureInfo.InvariantCulture)}",
            folder,
        ];

        string? lastKey = null;
        foreach (var prefix in prefixes)
        {
            lastKey = await _store.RunAsync($"list {prefix}", ct => LastKeyAsync(prefix, ct), cancellationToken);
            if (lastKey is not null)
            {
                break;
            }
        }

        if (lastKey is null)
        {
            return null;
        }

        if (state.Last is { } remembered && remembered.Key == lastKey)
        {
            return remembered;
        }

        var bytes = await _store.RunAsync($"read {lastKey}", ct => ReadAllAsync(lastKey, ct), cancellationToken);
        var createdAt = LakeManifest.TryParse(bytes)?.CreatedAt ?? DateTimeOffset.MinValue;
        return new LakeManifestLink(lastKey, Convert.ToHexStringLower(SHA256.HashData(bytes)), createdAt);
    }

    private async Task<string?> LastKeyAsync(string prefix, CancellationToken cancellationToken)
    {
        string? last = null;
        await foreach (var item in store.ListAsync(prefix, null, cancellationToken))
        {
            if (item.Key.EndsWith(".json", StringComparison.Ordinal) && (last is null || string.CompareOrdinal(item.Key, last) > 0))
            {
                last = item.Key;
            }
        }

        return last;
    }

    private async Task<byte[]> ReadAllAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private Task PutAsync(string key, byte[] bytes, CancellationToken cancellationToken) =>
        _store.RunAsync($"put {key}", async ct =>
        {
            await using var upload = await store.BeginUploadAsync(key, ct);
            await upload.Content.WriteAsync(bytes, ct);
            return await upload.CompleteAsync(ct);
        }, cancellationToken);

    private async Task DeleteQuietlyAsync(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            try
            {
                await _store.RunAsync($"delete {key}", ct => store.DeleteAsync(key, ct), CancellationToken.None);
            }
            catch (Exception ex)
            {
                LakeWriterLog.CleanupFailed(logger, ex, key);
            }
        }
    }

    private ParquetOptions ParquetOptions() => new()
    {
        CompressionMethod = _options.Compression == LakeCompression.Zstd ? CompressionMethod.Zstd : CompressionMethod.Snappy,
        CompressionLevel = CompressionLevel.Fastest,
    };

    private sealed class RunProgress
    {
        public long Rows { get; set; }
    }
}
