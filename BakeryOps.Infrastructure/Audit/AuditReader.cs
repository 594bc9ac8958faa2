using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Paging;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Audit;

/// <summary>
/// Reads <c>audit_events</c> for the Admin page, <c>GET /audit/events</c> and the daily lake export: filtered, newest
/// first (ties by id, so pages never overlap or skip a row), counted in SQL.
/// </summary>
public sealed class AuditReader(IDbContextFactory<BakeryOpsDbContext> contexts)
{
    /// <summary>Rows one export streams at most: the download is built in memory before it is sent.</summary>
    public const int MaxExportRows = 100_000;

    /// <summary>One page of the rows <paramref name="query"/> selects and how many it selects in all.</summary>
    /// <exception cref="Domain.Errors.RequestValidationException">A filter is not valid; names it.</exception>
    public async Task<PagedResult<AuditEventRow>> PageAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        var filter = query.Normalised();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = Filter(db.AuditEvents.AsNoTracking(), filter);
        var total = await rows.CountAsync(cancellationToken);
        var read = await NewestFirst(rows).Skip(page.Offset).Take(page.Size).ToListAsync(cancellationToken);
        return new PagedResult<AuditEventRow>(read.Select(AuditEventRow.From).ToList(), total);
    }

    /// <summary>How many rows <paramref name="query"/> selects.</summary>
    public async Task<int> CountAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var filter = query.Normalised();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Filter(db.AuditEvents.AsNoTracking(), filter).CountAsync(cancellationToken);
    }

    /// <summary>Every row <paramref name="query"/> selects, newest first, read as it is consumed (not held in memory).</summary>
    public async IAsyncEnumerable<AuditEventRow> StreamAsync(
        AuditQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = query.Normalised();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await foreach (var row in NewestFirst(Filter(db.AuditEvents.AsNoTracking(), filter)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return AuditEventRow.From(row);
        }
    }

    /// <summary>The rows of [<paramref name="from"/>, <paramref name="to"/>) oldest first, as the lake stores a day.</summary>
    public async Task<IReadOnlyList<AuditEventRow>> ReadWindowAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var (start, end) = (from.ToUniversalTime(), to.ToUniversalTime());
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.AuditEvents.AsNoTracking()
            .Where(e => e.OccurredAt >= start && e.OccurredAt < end)
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
        return rows.Select(AuditEventRow.From).ToList();
    }

    private static IOrderedQueryable<AuditEvent> NewestFirst(IQueryable<AuditEvent> rows) =>
        rows.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id);

    private static IQueryable<AuditEvent> Filter(IQueryable<AuditEvent> rows, AuditQuery filter)
    {
        if (filter.From is { } from)
        {
            rows = rows.Where(e => e.OccurredAt >= from);
        }

        if (filter.To is { } to)
        {
            rows = rows.Where(e => e.OccurredAt < to);
        }

        if (filter.Category is { } category)
        {
            rows = rows.Where(e => e.Category == category);
        }

        if (filter.Outcome is { } outcome)
        {
            rows = rows.Where(e => e.Outcome == outcome);
        }

        if (filter.Method is { } method)
        {
            var wanted = method.ToLowerInvariant();
            rows = rows.Where(e => e.Method != null && e.Method.ToLower() == wanted);
        }

        // lower() on both sides: PostgreSQL's LIKE and strpos are case-sensitive, SQLite's instr too.
        if (filter.Actor is { } actor)
        {
            var part = actor.ToLowerInvariant();
            rows = rows.Where(e => e.Actor.ToLower().Contains(part));
        }

        if (filter.Target is { } target)
        {
            var part = target.ToLowerInvariant();
            rows = rows.Where(e => e.Target != null && e.Target.ToLower().Contains(part));
        }

        if (filter.Text is { } text)
        {
            var part = text.ToLowerInvariant();
            rows = rows.Where(e =>
                e.Actor.ToLower().Contains(part)
                || e.Action.ToLower().Contains(part)
                || (e.Target != null && e.Target.ToLower().Contains(part))
                || (e.Detail != null && e.Detail.ToLower().Contains(part))
                || (e.Method != null && e.Method.ToLower().Contains(part))
                || (e.Address != null && e.Address.Contains(part)));
        }

        return rows;
    }
}
