using System.Text.Json.Serialization;
using BakeryOps.Infrastructure.Jobs;

namespace BakeryOps.Portal.Jobs;

/// <summary>A scheduled job as <c>GET /jobs</c> shows it: its schedule, whether it is paused, and its latest run.</summary>
public sealed record JobView(
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("schedule")] string? Schedule,
    [property: JsonPropertyName("timeZone")] string TimeZone,
    [property: JsonPropertyName("schedulesEnabled")] bool SchedulesEnabled,
    [property: JsonPropertyName("paused")] bool Paused,
    [property: JsonPropertyName("nextFireTime")] DateTimeOffset? NextFireTime,
    [property: JsonPropertyName("lastRun")] SyncRunView? LastRun);
