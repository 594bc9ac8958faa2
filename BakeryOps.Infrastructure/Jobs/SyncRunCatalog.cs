using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Jobs;
using BakeryOps.Domain.Paging;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Jobs;

/// <summary>What the recorded runs say: each job's standing (for the home page and <c>/health</c>), and the run history.</summary>
public sealed class SyncRunCatalog(IDbContextFactory<BakeryOpsDbContext> contexts)
{
    /// <summary>Failures in a row are counted up to this many; more are shown as this many.</summary>
    public const int MaxCountedFailures = 100;

    /// <summary>Every job that has run, by name, with its latest run and its failures in a row.</summary>
    public async Task<IReadOnlyList<JobStandingView>> ListJobsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var jobs = await db.SyncRuns.AsNoTracking().Select(r => r.Job).Distinct().ToListAsync(cancellationToken);
        var standings = new List<JobStandingView>(jobs.Count);
        foreach (var job in jobs.Order(StringComparer.Ordinal))
        {
            var latest = await db.SyncRuns.AsNoTracking().Where(r => r.Job == job)
                .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).FirstAsync(cancellationToken);
            var finished = await db.SyncRuns.AsNoTracking().Where(r => r.Job == job && r.Status != SyncRunStatus.Running)
                .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id)
                .Select(r => new { r.Status, r.FinishedAt })
                .Take(MaxCountedFailures + 1).ToListAsync(cancellationToken);
            var failures = finished.TakeWhile(r => r.Status == SyncRunStatus.Failed).Count();
            var lastSuccess = finished.FirstOrDefault(r => r.Status == SyncRunStatus.Succeeded)?.FinishedAt
                ?? await db.SyncRuns.AsNoTracking().Where(r => r.Job == job && r.Status == SyncRunStatus.Succeeded)
                    .OrderByDescending(r => r.StartedAt).Select(r => r.FinishedAt).FirstOrDefaultAsync(cancellationToken);
            standings.Add(new JobStandingView(job, SyncRunView.From(latest), Math.Min(failures, MaxCountedFailures), lastSuccess));
        }

        return standings;
    }

    /// <exception cref="NotFoundException">No run has that id.</exception>
    public async Task<SyncRunView> GetRunAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.SyncRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
            ?? throw new NotFoundException($"There is no run {id}.");
        return SyncRunView.From(run);
    }

    /// <summary>Runs, newest first, filtered by job, status and facility when given.</summary>
    public async Task<PagedResult<SyncRunView>> ListRunsAsync(
        string? job, SyncRunStatus? status, string? facilityId, int offset, int size, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = db.SyncRuns.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(job))
        {
            runs = runs.Where(r => r.Job == job);
        }

        if (status is { } only)
        {
            runs = runs.Where(r => r.Status == only);
        }

        if (!string.IsNullOrWhiteSpace(facilityId))
        {
            runs = runs.Where(r => r.FacilityId == facilityId);
        }

        var total = await runs.CountAsync(cancellationToken);
        var page = await runs.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Skip(offset).Take(size).ToListAsync(cancellationToken);
        return new PagedResult<SyncRunView>(page.Select(SyncRunView.From).ToList(), total);
    }
}
