using BakeryOps.Infrastructure.Lake.Writing;

namespace BakeryOps.Infrastructure.Audit;

/// <summary>A row of the <c>audit</c> dataset: one audit event and the site-zone day whose file holds it.</summary>
public sealed record AuditRecord(AuditEventRow Row, DateOnly Day)
{
    public const string Dataset = "audit";

    /// <summary>Schema v1 of <c>audit</c>, registered by the lake writer on the first write.</summary>
    public static LakeTable<AuditRecord> Table { get; } = new LakeTable<AuditRecord>(Dataset)
        .Int64("id", r => r.Row.Id)
        .Timestamp("occurred_at", r => r.Row.OccurredAt)
        .Date("audit_day", r => r.Day)
        .String("category", r => r.Row.Category, nullable: false)
        .String("action", r => r.Row.Action, nullable: false)
        .String("outcome", r => r.Row.Outcome, nullable: false)
        .String("actor", r => r.Row.Actor, nullable: false)
        .String("actor_kind", r => r.Row.ActorKind, nullable: false)
        .String("method", r => r.Row.Method)
        .String("address", r => r.Row.Address)
        .String("target", r => r.Row.Target)
        .String("detail", r => r.Row.Detail);
}
