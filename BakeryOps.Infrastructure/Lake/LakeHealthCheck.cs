using System.Text;
using BakeryOps.Infrastructure.Lake.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Lake;

/// <summary>
/// Healthy when a small probe object under <c>{prefix}/_health/</c> can be written, read back whole and deleted
/// within 10 seconds: reachable is not enough, the lake writer needs to write.
/// </summary>
public sealed class LakeHealthCheck(IServiceProvider services, IOptions<LakeOptions> options, TimeProvider clock) : IHealthCheck
{
    public const string Name = "lake";
    public const string ProbeFolder = "_health";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var kind = options.Value.Store;
        var data = new Dictionary<string, object> { ["store"] = kind.ToString() };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var started = clock.GetTimestamp();
        try
        {
            // Resolved here rather than injected, so a store that cannot even be built (bad path, no region) is
            // reported as this entry's failure with its reason.
            var store = services.GetRequiredService<ILakeStore>();
            data["location"] = store.Location;
            var prefix = options.Value.Prefix.Trim('/');
            // A unique name per probe: two /health calls at once must not delete each other's object.
            var key = $"{(prefix.Length == 0 ? "" : prefix + "/")}{ProbeFolder}/probe-{Guid.NewGuid():N}.txt";
            var content = Encoding.UTF8.GetBytes($"BakeryOps lake health probe {clock.GetUtcNow():O}");
            await using (var upload = await store.BeginUploadAsync(key, timeout.Token))
            {
                await upload.Content.WriteAsync(content, timeout.Token);
                await upload.CompleteAsync(timeout.Token);
            }

            try
            {
                await using var read = await store.OpenReadAsync(key, timeout.Token);
                using var copy = new MemoryStream();
                await read.CopyToAsync(copy, timeout.Token);
                if (!copy.ToArray().AsSpan().SequenceEqual(content))
                {
                    return HealthCheckResult.Unhealthy($"{kind} {store.Location}: the probe object read back differs from what was written", data: data);
                }
            }
            finally
            {
                await store.DeleteAsync(key, CancellationToken.None);
            }

            return HealthCheckResult.Healthy($"{kind} {store.Location}: writable, probe round trip in {clock.GetElapsedTime(started).TotalMilliseconds:0} ms", data);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{kind}: no answer within {Timeout.TotalSeconds:0} s", data: data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var where = data.TryGetValue("location", out var location) ? $"{kind} {location}" : kind.ToString();
            return HealthCheckResult.Unhealthy($"{where}: not reachable or not writable: {ex.Message}", data: data);
        }
    }
}
