using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BakeryOps.Infrastructure.Persistence;

/// <summary>Healthy when the database answers a query and has no pending migrations.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<BakeryOpsDbContext> contexts) : IHealthCheck
{
    public const string Name = "database";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(timeout.Token);
            var data = new Dictionary<string, object> { ["provider"] = db.Provider.ToString() };
            if (!await db.Database.CanConnectAsync(timeout.Token))
            {
                return HealthCheckResult.Unhealthy($"{db.Provider}: cannot connect", data: data);
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(timeout.Token)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy($"{db.Provider}: connected, schema up to date", data)
                : HealthCheckResult.Unhealthy($"{db.Provider}: connected, {pending} migration(s) pending", data: data);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"no answer within {Timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The exception type is a useful short reason; its message may carry connection details.
            return HealthCheckResult.Unhealthy($"cannot connect ({ex.GetType().Name})");
        }
    }
}
