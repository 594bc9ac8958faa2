namespace BakeryOps.Domain.Audit;

/// <summary>Who acted and from where; built once per request or circuit and passed to every audit record it makes.</summary>
public sealed record AuditActor(string Name, string Kind, string? Address)
{
    public static AuditActor System { get; } = new("system", AuditActorKinds.System, null);

    public static AuditActor Anonymous(string? tried, string? address) =>
        new(string.IsNullOrWhiteSpace(tried) ? "(none)" : tried, AuditActorKinds.Anonymous, address);
}

/// <summary>What to record; <see cref="AuditActor"/> says who. The log adds the time.</summary>
public sealed record AuditEntry(
    string Category,
    string Action,
    string Outcome,
    AuditActor Actor,
    string? Target = null,
    string? Detail = null,
    string? Method = null);
