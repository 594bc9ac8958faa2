using BakeryOps.Domain.Dispatch;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Dispatch;

/// <summary>
/// The <c>dispatch-relay</c> pass, one recorded run: plans new movements, reads JD Edwards back for postings whose
/// outcome is unknown (or whose holder vanished), then sends the approved postings that are due. Safe on two nodes:
/// every posting is claimed before it is touched.
/// </summary>
public sealed class DispatchRelay(
    IServiceScopeFactory scopes,
    IDbContextFactory<BakeryOpsDbContext> contexts,
    SyncRunRecorder recorder,
    DispatchNotifications notifications,
    IOptions<DispatchOptions> options,
    TimeProvider clock)
{
    public Task<SyncRunView> RunAsync(string trigger, CancellationToken cancellationToken) =>
        recorder.RunAsync(DispatchService.Job, trigger, null, PassAsync, cancellationToken);

    private async Task PassAsync(SyncRunHandle run, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var planner = scope.ServiceProvider.GetRequiredService<DispatchPlanner>();
        var sender = scope.ServiceProvider.GetRequiredService<DispatchSender>();
        var by = DispatchService.Job + "@" + SyncRunRecorder.Node;
        var touched = new HashSet<string>(StringComparer.Ordinal);

        await run.ReportProgressAsync("Planning new movements", cancellationToken);
        run.Count("planned", await planner.PlanAsync(null, cancellationToken));

        var now = clock.GetUtcNow();
        List<Guid> unknown;
        List<Guid> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            unknown = await db.JdeDispatches.AsNoTracking()
                .Where(d => d.State == DispatchState.Sending && d.ClaimedUntil <= now)
                .OrderBy(d => d.ClaimedUntil).Select(d => d.Id).Take(options.Value.RelayBatchSize).ToListAsync(cancellationToken);
            due = await db.JdeDispatches.AsNoTracking()
                .Where(d => d.State == DispatchState.Approved && (d.NextAttemptAt == null || d.NextAttemptAt <= now))
                .OrderBy(d => d.ApprovedAt).ThenBy(d => d.Key).Select(d => d.Id).Take(options.Value.RelayBatchSize).ToListAsync(cancellationToken);
        }

        if (unknown.Count > 0)
        {
            await run.ReportProgressAsync($"Reading JD Edwards back for {unknown.Count} postings whose outcome is unknown", cancellationToken);
        }

        foreach (var id in unknown)
        {
            if (await sender.ResolveAsync(id, by, cancellationToken) is { } resolved)
            {
                run.Count(resolved.State == DispatchState.Posted ? "readBackFound" : resolved.State == DispatchState.Approved ? "readBackNotFound" : "readBackFailed");
                touched.Add(resolved.FacilityId);
            }
        }

        // Read back first: a posting found not written is approved again, and goes out in this pass.
        if (unknown.Count > 0)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var again = await db.JdeDispatches.AsNoTracking()
                .Where(d => unknown.Contains(d.Id) && d.State == DispatchState.Approved).Select(d => d.Id).ToListAsync(cancellationToken);
            due.AddRange(again.Except(due));
        }

        await run.ReportProgressAsync($"Posting {due.Count} approved postings", cancellationToken);
        var failed = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                if (await sender.SendAsync(id, by, ct) is not { } sent)
                {
                    return;
                }

                run.Count(sent.State switch
                {
                    DispatchState.Posted => "posted",
                    DispatchState.Approved => "retryLater",
                    DispatchState.Sending => "outcomeUnknown",
                    _ => "failed",
                });
                if (sent.State == DispatchState.Failed)
                {
                    Interlocked.Increment(ref failed);
                }

                lock (touched)
                {
                    touched.Add(sent.FacilityId);
                }
            });

        if (failed > 0)
        {
            run.Fail($"{failed} postings failed and wait for a person on the Batch Review page (JD Edwards' error is on each).");
        }

        foreach (var facility in touched)
        {
            notifications.Publish(facility);
        }
    }
}
