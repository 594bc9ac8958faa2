using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BakeryOps.Portal.Health;

/// <summary>The body of /health: an overall status (the earlier system's <c>status</c>/<c>message</c>) and one entry per dependency.</summary>
public sealed record HealthSummary(
    string Status,
    string Message,
    double TotalDurationMs,
    IReadOnlyDictionary<string, HealthEntry> Checks)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static HealthSummary From(HealthReport report) => new(
        Format(report.Status),
        report.Status switch
        {
            HealthStatus.Healthy => "BakeryOps Portal is running and every dependency is healthy",
            HealthStatus.Degraded => "BakeryOps Portal is running with degraded dependencies",
            _ => "BakeryOps Portal is running but a dependency is unhealthy",
        },
        Math.Round(report.TotalDuration.TotalMilliseconds, 1),
        report.Entries.ToDictionary(
            e => e.Key,
            e => new HealthEntry(
                Format(e.Value.Status),
                e.Value.Description ?? (e.Value.Status == HealthStatus.Healthy ? "ok" : "failed"),
                Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                e.Value.Data.Count == 0 ? null : e.Value.Data.ToDictionary(d => d.Key, d => d.Value?.ToString()))));

    public static string Format(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}

public sealed record HealthEntry(
    string Status,
    string Description,
    double DurationMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string?>? Data);
