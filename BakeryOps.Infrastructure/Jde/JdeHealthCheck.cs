using System.Diagnostics;
using BakeryOps.Infrastructure.Jde.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Jde;

/// <summary>Healthy when JD Edwards answers a small item-ledger read for the default branch within 10 seconds.</summary>
public sealed class JdeHealthCheck(JdeAisClient client, IOptions<JdeOptions> options, TimeProvider clock) : IHealthCheck
{
    public const string Name = "jde";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var mode = options.Value.Mode;
        var data = new Dictionary<string, object> { ["mode"] = mode.ToString(), ["businessUnit"] = options.Value.BusinessUnit };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var page = await client.GetCardexAsync(options.Value.BusinessUnit, today, timeout.Token);
            return HealthCheckResult.Healthy($"{mode}: answered in {watch.ElapsedMilliseconds} ms ({page.Rows.Count} ledger rows today)", data);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{mode}: no answer within {Timeout.TotalSeconds:0} s", data: data);
        }
        catch (JdeException ex)
        {
            return HealthCheckResult.Unhealthy($"{mode}: {ex.Message}", data: data);
        }
    }
}
