using System.Security.Cryptography;
using BakeryOps.Domain.Lake;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Schemas;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parquet;
using Parquet.Schema;

namespace BakeryOps.Infrastructure.Lake.Housekeeping;

/// <summary>
/// Compacts one day of one dataset: the day's committed files (its <c>dispatch_logs</c> rows) are copied, row group by
/// row group, into as few files as <c>Lake:RowGroupSize</c> and <c>Lake:MaxRowsPerFile</c> allow (one per schema
/// when the dataset's columns changed that day). The new files are read back and checked (bytes, hash, schema, rows)
/// before a manifest listing them and the files they replace is committed with the swap of <c>dispatch_logs</c> rows;
/// the replaced objects are deleted only after that manifest verifies. Until the commit, a failure removes the new
/// files and leaves the day as it was.
/// </summary>
public sealed class LakeCompactor(
    ILakeStore store,
    LakeWriter writer,
    ILakeVerifier verifier,
    ISchemaRegistry registry,
    IDbContextFactory<BakeryOpsDbContext> contexts,
    IOptions<LakeOptions> lakeOptions,
    IOptions<LakeWriterOptions> writerOptions,
    TimeProvider clock,
    ILogger<LakeCompactor> logger)
{
    public const string Actor = "lake-housekeeping";

    private static readonly ParquetOptions ReadOptions = new() { UseDateOnlyTypeForDates = true };
    private readonly string _prefix = lakeOptions.Value.Prefix;
    private readonly LakeWriterOptions _limits = writerOptions.Value;

    /// <summary>The (dataset, day) pairs with more than one committed file, from <paramref name="from"/> to <paramref name="until"/> inclusive.</summary>
    public async Task<IReadOnlyList<(string Dataset, DateOnly Day)>> FindCompactableAsync(DateOnly from, DateOnly until, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.DispatchLogs.AsNoTracking()
            .Where(d => d.PartitionDate >= from && d.PartitionDate <= until)
            .GroupBy(d => new { d.Dataset, d.PartitionDate })
            .Where(g => g.Count() > 1)
            .Select(g => new { g.Key.Dataset, g.Key.PartitionDate })
            .ToListAsync(cancellationToken);
        return [.. found.OrderBy(f => f.Dataset, StringComparer.Ordinal).ThenBy(f => f.PartitionDate).Select(f => (f.Dataset, f.PartitionDate))];
    }

    public async Task<LakeCompaction> CompactAsync(string dataset, DateOnly day, CancellationToken cancellationToken)
    {
        List<DispatchLog> sources;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            sources = await db.DispatchLogs.AsNoTracking()
                .Where(d => d.Dataset == dataset && d.PartitionDate == day)
                .OrderBy(d => d.ObjectKey)
                .ToListAsync(cancellationToken);
        }

        if (sources.Count < 2)
        {
            return new LakeCompaction(dataset, day, sources.Count, sources.Count, sources.Sum(s => s.RowCount), null, 0);
        }

        var work = Directory.CreateTempSubdirectory("bakeryops-compaction-");
        var written = new List<LakeFileWrittenAt>();
        var committed = false;
        try
        {
            var groups = await DownloadAsync(sources, work.FullName, cancellationToken);
            foreach (var group in groups)
            {
                written.AddRange(await CopyAsync(dataset, day, group, cancellationToken));
            }

            await CheckWrittenAsync(groups, written, work.FullName, cancellationToken);
            var version = await SchemaVersionAsync(dataset, groups[0].Schema, cancellationToken);
            var replaced = sources.Select(s => new LakeManifestFile(s.ObjectKey, s.RowCount, s.SizeBytes, s.Sha256)).ToList();
            var keys = sources.Select(s => s.ObjectKey).ToList();
            var run = new LakeRun(Guid.CreateVersion7(clock.GetUtcNow()), Actor, $"compaction of {dataset} on {day:yyyy-MM-dd}: {sources.Count} files",
                async (db, manifest, ct) =>
                {
                    // Another node compacting the same day first leaves fewer rows here: committing too would double the day.
                    var removed = await db.DispatchLogs.Where(d => keys.Contains(d.ObjectKey)).ExecuteDeleteAsync(ct);
                    if (removed != keys.Count)
                    {
                        throw new InvalidOperationException($"{keys.Count - removed} of the {keys.Count} files of {dataset} on {day:yyyy-MM-dd} were replaced meanwhile (another compaction); this one is dropped.");
                    }

                    // The replaced objects still hold the day's rows until deleted: owed in the same commit, so no crash forgets them.
                    var replacedAt = clock.GetUtcNow();
                    db.LakeReplacedObjects.AddRange(keys.Select(key => new LakeReplacedObject { ObjectKey = key, Dataset = dataset, ManifestKey = manifest, ReplacedAt = replacedAt }));
                    await db.SaveChangesAsync(ct);
                });
            string manifestKey;
            try
            {
                manifestKey = await writer.RecordReplacementAsync(dataset, version, run, written, replaced, cancellationToken);
                committed = true;
            }
            catch (LakeCommitUnknownException)
            {
                // Either both the new files and the swap are committed or neither: keep the files, like the writer does.
                committed = true;
                throw;
            }

            var deleteFailures = await DeleteReplacedAsync(manifestKey, cancellationToken);
            var compaction = new LakeCompaction(dataset, day, sources.Count, written.Count, written.Sum(f => f.File.Rows), manifestKey, deleteFailures);
            LakeHousekeepingLog.Compacted(logger, dataset, day, sources.Count, written.Count, compaction.Rows, manifestKey);
            return compaction;
        }
        catch (Exception ex) when (!committed)
        {
            LakeHousekeepingLog.CompactionFailed(logger, ex, dataset, day);
            await DeleteAsync(written.Select(f => f.File.Key));
            throw;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Copies each source to a local file (Parquet is read from the end, and an S3 body is not seekable), checking its
    /// bytes against its dispatch_logs row: a file that changed since it was written is not compacted into anything.
    /// </summary>
    private async Task<List<SourceGroup>> DownloadAsync(List<DispatchLog> sources, string work, CancellationToken cancellationToken)
    {
        var groups = new List<SourceGroup>();
        var index = 0;
        foreach (var source in sources)
        {
            var path = Path.Combine(work, $"{index++:D6}.parquet");
            await using (var input = await store.OpenReadAsync(source.ObjectKey, cancellationToken))
            {
                var (size, sha256) = await CopyHashedAsync(input, path, cancellationToken);
                if (size != source.SizeBytes || !string.Equals(sha256, source.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"{source.ObjectKey} is not the file its dispatch_logs row records (size {size}, SHA-256 {sha256}); the day is not compacted.");
                }
            }

            await using var file = File.OpenRead(path);
            await using var reader = await ParquetReader.CreateAsync(file, ReadOptions, cancellationToken: cancellationToken);
            var schema = reader.Schema;
            if (!ParquetColumnCopy.CanCopy(schema))
            {
                var columns = string.Join(", ", schema.Fields.Select(f => f is DataField d ? $"{d.Name} ({d.ClrType.Name}, repetition {d.MaxRepetitionLevel})" : $"{f.Name} ({f.SchemaType})"));
                throw new InvalidOperationException($"{source.ObjectKey} has columns the compaction cannot copy (nested, repeated or of another type than the lake writes): {columns}; the day is not compacted.");
            }

            var signature = Signature(schema);
            var group = groups.FirstOrDefault(g => g.Signature == signature);
            if (group is null)
            {
                group = new SourceGroup(signature, schema);
                groups.Add(group);
            }

            group.Files.Add((source, path));
        }

        return groups;
    }

    /// <summary>The rows of one schema's files into new files of the day, row groups filled up to the writer's limits.</summary>
    private async Task<List<LakeFileWrittenAt>> CopyAsync(string dataset, DateOnly day, SourceGroup group, CancellationToken cancellationToken)
    {
        var copies = group.Schema.GetDataFields().Select(f => ParquetColumnCopy.For(f)!).ToArray();
        var schema = new ParquetSchema(copies.Select(c => c.Field));
        var options = new ParquetOptions
        {
            CompressionMethod = _limits.Compression == LakeCompression.Zstd ? CompressionMethod.Zstd : CompressionMethod.Snappy,
            CompressionLevel = System.IO.Compression.CompressionLevel.Fastest,
        };
        var written = new List<LakeFileWrittenAt>();
        ParquetFileUpload? file = null;
        var pending = 0;
        try
        {
            foreach (var (_, path) in group.Files)
            {
                await using var input = File.OpenRead(path);
                await using var reader = await ParquetReader.CreateAsync(input, ReadOptions, cancellationToken: cancellationToken);
                var readFields = reader.Schema.GetDataFields();
                for (var i = 0; i < reader.RowGroupCount; i++)
                {
                    using var rowGroup = reader.OpenRowGroupReader(i);
                    var rows = checked((int)rowGroup.RowCount);
                    for (var c = 0; c < copies.Length; c++)
                    {
                        await copies[c].ReadAsync(rowGroup, readFields[c], rows, cancellationToken);
                    }

                    pending += rows;
                    if (pending >= _limits.RowGroupSize)
                    {
                        file = await FlushAsync(file, pending);
                        pending = 0;
                    }
                }
            }

            if (pending > 0)
            {
                file = await FlushAsync(file, pending);
            }

            if (file is not null)
            {
                written.Add(await file.CompleteAsync(cancellationToken));
            }

            return written;
        }
        catch
        {
            await DeleteAsync(written.Select(f => f.File.Key));
            throw;
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync();
            }
        }

        async Task<ParquetFileUpload?> FlushAsync(ParquetFileUpload? current, int rows)
        {
            if (current is not null && current.Rows + rows > _limits.MaxRowsPerFile)
            {
                written.Add(await current.CompleteAsync(cancellationToken));
                await current.DisposeAsync();
                current = null;
            }

            current ??= await StartAsync(dataset, day, schema, options, cancellationToken);
            await current.WriteRowGroupAsync(rows, async (rowGroup, ct) =>
            {
                foreach (var copy in copies)
                {
                    await copy.WriteAsync(rowGroup, ct);
                }
            }, cancellationToken);
            return current;
        }
    }

    private async Task<ParquetFileUpload> StartAsync(string dataset, DateOnly day, ParquetSchema schema, ParquetOptions options, CancellationToken cancellationToken)
    {
        // Named for the day it holds (00:00:00), unique and time-ordered by when it was compacted.
        var key = LakeKeys.DataFile(_prefix, dataset, new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), LakeUnique.Create(clock.GetUtcNow()));
        var upload = await store.BeginUploadAsync(key, cancellationToken);
        return await ParquetFileUpload.StartAsync(upload, key, day, schema, options, cancellationToken);
    }

    /// <summary>
    /// Reads each new file back from the store: its bytes must hash as written, its schema must be its sources', and
    /// its rows must add up, per schema, to exactly the rows of the files it replaces.
    /// </summary>
    private async Task CheckWrittenAsync(List<SourceGroup> groups, List<LakeFileWrittenAt> written, string work, CancellationToken cancellationToken)
    {
        var rowsBySignature = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var file in written.Select(w => w.File))
        {
            var path = Path.Combine(work, "check.parquet");
            await using (var input = await store.OpenReadAsync(file.Key, cancellationToken))
            {
                var (size, sha256) = await CopyHashedAsync(input, path, cancellationToken);
                if (size != file.Size || sha256 != file.Sha256)
                {
                    throw new InvalidOperationException($"The compacted file {file.Key} reads back as {size} bytes with SHA-256 {sha256}, not the {file.Size} bytes written.");
                }
            }

            await using (var stream = File.OpenRead(path))
            {
                await using var reader = await ParquetReader.CreateAsync(stream, ReadOptions, cancellationToken: cancellationToken);
                long rows = 0;
                for (var i = 0; i < reader.RowGroupCount; i++)
                {
                    using var rowGroup = reader.OpenRowGroupReader(i);
                    rows += rowGroup.RowCount;
                }

                if (rows != file.Rows)
                {
                    throw new InvalidOperationException($"The compacted file {file.Key} holds {rows} rows, {file.Rows} were written.");
                }

                var signature = Signature(reader.Schema);
                rowsBySignature[signature] = rowsBySignature.GetValueOrDefault(signature) + rows;
            }

            File.Delete(path);
        }

        foreach (var group in groups)
        {
            var expected = group.Files.Sum(f => f.Source.RowCount);
            var actual = rowsBySignature.GetValueOrDefault(group.Signature);
            if (actual != expected)
            {
                throw new InvalidOperationException($"The compacted files hold {actual} rows of one schema where the files they replace hold {expected}.");
            }
        }
    }

    /// <summary>The version whose fields are the files' columns (the latest such); the dataset's latest when none is.</summary>
    private async Task<int> SchemaVersionAsync(string dataset, ParquetSchema schema, CancellationToken cancellationToken)
    {
        var versions = await registry.ListVersionsAsync(dataset, cancellationToken);
        var names = schema.GetDataFields().Select(f => f.Name).ToList();
        var match = versions.LastOrDefault(v => v.Schema.Fields.Select(f => f.Name).SequenceEqual(names, StringComparer.Ordinal)) ?? versions.LastOrDefault();
        return match?.Version ?? 0;
    }

    /// <summary>
    /// Deletes what committed compactions replaced and could not delete yet (a failed delete, a crash after the commit),
    /// manifest by manifest, each only once its manifest verifies.
    /// </summary>
    /// <returns>The objects deleted, and the ones still owed with why.</returns>
    public async Task<LakeLeftovers> DeleteLeftoversAsync(CancellationToken cancellationToken)
    {
        List<string> manifests;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            manifests = await db.LakeReplacedObjects.AsNoTracking().Select(o => o.ManifestKey).Distinct().ToListAsync(cancellationToken);
        }

        var deleted = 0;
        var left = 0;
        var problems = new List<string>();
        foreach (var manifestKey in manifests.Order(StringComparer.Ordinal))
        {
            var owed = await CountOwedAsync(manifestKey, cancellationToken);
            try
            {
                var failures = await DeleteReplacedAsync(manifestKey, cancellationToken);
                deleted += owed - failures;
                left += failures;
                if (failures > 0)
                {
                    problems.Add($"{failures} file(s) replaced by {manifestKey} could not be deleted");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                left += owed;
                problems.Add(ex.Message);
            }
        }

        return new LakeLeftovers(deleted, left, problems);
    }

    /// <summary>
    /// Verifies the compaction manifest, then deletes the objects it replaced that are still owed, forgetting each one
    /// deleted; the ones that fail stay owed with their error.
    /// </summary>
    /// <returns>How many could not be deleted.</returns>
    /// <exception cref="InvalidOperationException">The manifest does not verify: nothing is deleted.</exception>
    private async Task<int> DeleteReplacedAsync(string manifestKey, CancellationToken cancellationToken)
    {
        var verification = await verifier.VerifyAsync(manifestKey, cancellationToken);
        if (!verification.Valid)
        {
            throw new InvalidOperationException($"The compaction manifest {manifestKey} does not verify ({string.Join("; ", verification.Problems)}); the files it replaced are kept until it does.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var owed = await db.LakeReplacedObjects.AsNoTracking().Where(o => o.ManifestKey == manifestKey)
            .OrderBy(o => o.ObjectKey).Select(o => o.ObjectKey).ToListAsync(cancellationToken);
        var deleted = new List<string>();
        var failures = 0;
        foreach (var key in owed)
        {
            try
            {
                await store.DeleteAsync(key, CancellationToken.None);
                deleted.Add(key);
            }
            catch (Exception ex)
            {
                failures++;
                var error = SyncRunRecorder.Describe(ex);
                error = error.Length <= 2000 ? error : error[..2000];
                LakeHousekeepingLog.DeleteFailed(logger, ex, key);
                await db.LakeReplacedObjects.Where(o => o.ObjectKey == key)
                    .ExecuteUpdateAsync(o => o.SetProperty(r => r.Attempts, r => r.Attempts + 1).SetProperty(r => r.LastError, error), CancellationToken.None);
            }
        }

        // Untracked statements, not a save: an on-demand run may delete the same objects at the same time, and
        // deleting a missing object or forgetting a forgotten one is harmless (so is a crash before this line).
        await db.LakeReplacedObjects.Where(o => deleted.Contains(o.ObjectKey)).ExecuteDeleteAsync(CancellationToken.None);
        return failures;
    }

    private async Task<int> CountOwedAsync(string manifestKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.LakeReplacedObjects.CountAsync(o => o.ManifestKey == manifestKey, cancellationToken);
    }

    /// <summary>Deletes quietly (logged): returns how many could not be deleted.</summary>
    private async Task<int> DeleteAsync(IEnumerable<string> keys)
    {
        var failures = 0;
        foreach (var key in keys)
        {
            try
            {
                await store.DeleteAsync(key, CancellationToken.None);
            }
            catch (Exception ex)
            {
                failures++;
                LakeHousekeepingLog.DeleteFailed(logger, ex, key);
            }
        }

        return failures;
    }

    private static async Task<(long Size, string Sha256)> CopyHashedAsync(Stream input, string path, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var output = File.Create(path);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            size += read;
        }

        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>Files compact together only when their columns agree in name, type and nullability.</summary>
    private static string Signature(ParquetSchema schema) =>
        string.Join("|", schema.GetDataFields().Select(f => f switch
        {
            DecimalDataField d => $"{f.Name}:decimal({d.Precision},{d.Scale}):{f.IsNullable}",
            DateTimeDataField t => $"{f.Name}:timestamp({t.DateTimeFormat},{t.IsAdjustedToUTC},{t.Unit}):{f.IsNullable}",
            _ => $"{f.Name}:{f.ClrType.Name}:{f.IsNullable}",
        }));

    private sealed class SourceGroup(string signature, ParquetSchema schema)
    {
        public string Signature { get; } = signature;
        public ParquetSchema Schema { get; } = schema;
        public List<(DispatchLog Source, string Path)> Files { get; } = [];
    }
}

/// <summary>One day of one dataset compacted: <see cref="DeleteFailures"/> replaced files are left for the next run to remove.</summary>
public sealed record LakeCompaction(string Dataset, DateOnly Day, int FilesBefore, int FilesAfter, long Rows, string? ManifestKey, int DeleteFailures);

/// <summary>Replaced objects a housekeeping pass deleted late, and the ones still owed with why.</summary>
public sealed record LakeLeftovers(int Deleted, int Left, IReadOnlyList<string> Problems);
