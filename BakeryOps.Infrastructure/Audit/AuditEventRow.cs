using System.Text.Json.Serialization;
using BakeryOps.Domain.Audit;

namespace BakeryOps.Infrastructure.Audit;

/// <summary>An audit row as the API, the CSV export and the page show it: the stored fields under snake_case names.</summary>
public sealed record AuditEventRow(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("occurred_at")] DateTimeOffset OccurredAt,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("actor_kind")] string ActorKind,
    [property: JsonPropertyName("method")] string? Method,
    [property: JsonPropertyName("address")] string? Address,
    [property: JsonPropertyName("target")] string? Target,
    [property: JsonPropertyName("detail")] string? Detail)
{
    public static AuditEventRow From(AuditEvent e) =>
        new(e.Id, e.OccurredAt, e.Category, e.Action, e.Outcome, e.Actor, e.ActorKind, e.Method, e.Address, e.Target, e.Detail);
}
