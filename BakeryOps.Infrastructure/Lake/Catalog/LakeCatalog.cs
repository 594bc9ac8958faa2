using BakeryOps.Domain.Paging;
using BakeryOps.Infrastructure.Lake.Outbox;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Lake.Catalog;

/// <summary>What the lake holds, read from <c>dispatch_logs</c> (one row per file) rather than by listing the store.</summary>
public sealed class LakeCatalog(IDbContextFactory<BakeryOpsDbContext> contexts)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 1000;

    /// <summary>Files newest first (partition date, then written time), filtered by dataset and partition dates.</summary>
    public async Task<PagedResult<LakeFileView>> ListFilesAsync(LakeFileQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var logs = db.DispatchLogs.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Dataset))
        {
            logs = logs.Where(d => d.Dataset == query.Dataset);
        }

        if (query.StartDate is { } start)
        {
            logs = logs.Where(d => d.PartitionDate >= start);
        }

        if (query.EndDate is { } end)
        {
            logs = logs.Where(d => d.PartitionDate <= end);
        }

        var total = await logs.CountAsync(cancellationToken);
        var page = await logs
            .OrderByDescending(d => d.PartitionDate).ThenByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Skip(Math.Max(0, query.Offset)).Take(Math.Clamp(query.Size, 1, MaxSize))
            .Select(d => new LakeFileView(d.ObjectKey, d.Dataset, d.PartitionDate, d.SizeBytes, d.RowCount, d.Sha256, d.RunId, d.CreatedAt))
            .ToListAsync(cancellationToken);
        return new PagedResult<LakeFileView>(page, total);
    }

    /// <summary>Every dataset that has files, with its totals.</summary>
    public async Task<IReadOnlyList<LakeDatasetView>> ListDatasetsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var datasets = await db.DispatchLogs.AsNoTracking()
            .GroupBy(d => d.Dataset)
            .Select(g => new { Dataset = g.Key, Files = g.Count(), Rows = g.Sum(d => d.RowCount), Bytes = g.Sum(d => d.SizeBytes) })
            .ToListAsync(cancellationToken);
        return [.. datasets.OrderBy(d => d.Dataset, StringComparer.Ordinal).Select(d => new LakeDatasetView(d.Dataset, d.Files, d.Rows, d.Bytes))];
    }

    /// <summary>
    /// How fresh each dataset is: its newest file's write time and the records still waiting for it in the outbox (with
    /// the oldest one's time). Every dataset with files or waiting records, and the outbox's datasets even before their
    /// first file.
    /// </summary>
    public async Task<IReadOnlyList<LakeDatasetFreshness>> ListFreshnessAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var written = await db.DispatchLogs.AsNoTracking()
            .GroupBy(d => d.Dataset)
            .Select(g => new { Dataset = g.Key, Files = g.Count(), LastWrittenAt = g.Max(d => d.CreatedAt) })
            .ToDictionaryAsync(d => d.Dataset, StringComparer.Ordinal, cancellationToken);
        var waiting = await db.LakeOutbox.AsNoTracking()
            .GroupBy(e => e.Dataset)
            .Select(g => new { Dataset = g.Key, Records = g.Count(), OldestAt = g.Min(e => e.CreatedAt) })
            .ToDictionaryAsync(e => e.Dataset, StringComparer.Ordinal, cancellationToken);
        var datasets = written.Keys.Concat(waiting.Keys).Concat(BakeryOpsLakeDatasets.All.Select(d => d.Name)).Distinct(StringComparer.Ordinal);
        return [.. datasets.Order(StringComparer.Ordinal).Select(name =>
        {
            var files = written.GetValueOrDefault(name);
            var outbox = waiting.GetValueOrDefault(name);
            return new LakeDatasetFreshness(name, files?.Files ?? 0, files?.LastWrittenAt, outbox?.Records ?? 0, outbox?.OldestAt);
        })];
    }

    /// <summary>A dataset's date partitions, newest first.</summary>
    public async Task<IReadOnlyList<LakePartitionView>> ListPartitionsAsync(string dataset, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var partitions = await db.DispatchLogs.AsNoTracking()
            .Where(d => d.Dataset == dataset)
            .GroupBy(d => d.PartitionDate)
            .Select(g => new { Date = g.Key, Files = g.Count(), Rows = g.Sum(d => d.RowCount), Bytes = g.Sum(d => d.SizeBytes) })
            .ToListAsync(cancellationToken);
        return [.. partitions.OrderByDescending(p => p.Date).Select(p => new LakePartitionView(p.Date, p.Files, p.Rows, p.Bytes))];
    }
}

public sealed record LakeFileQuery(string? Dataset = null, DateOnly? StartDate = null, DateOnly? EndDate = null, int Offset = 0, int Size = LakeCatalog.DefaultSize);

/// <summary>One lake file as <c>GET /s3/dispatches</c> lists it; <see cref="LastModified"/> is when the lake wrote it.</summary>
public sealed record LakeFileView(
    string Key, string Dataset, DateOnly Date, long Size, long Rows, string Sha256, Guid? RunId, DateTimeOffset LastModified);

public sealed record LakeDatasetView(string Dataset, int Files, long Rows, long Bytes);

/// <summary>A dataset's newest file and what waits for it in the outbox (outbox datasets only).</summary>
public sealed record LakeDatasetFreshness(string Dataset, int Files, DateTimeOffset? LastWrittenAt, int Waiting, DateTimeOffset? OldestWaitingAt);

public sealed record LakePartitionView(DateOnly Date, int Files, long Rows, long Bytes);
