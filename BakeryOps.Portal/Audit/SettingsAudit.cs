using BakeryOps.Domain.Audit;

namespace BakeryOps.Portal.Audit;

/// <summary>The audit rows of settings an administrator changes (category <c>settings</c>): what changed and to what.</summary>
public static class SettingsAudit
{
    public const string SimulatorTarget = "jde-simulator";

    public static AuditEntry DatasetCompatibility(AuditActor actor, string dataset, string mode, string method) =>
        new(AuditCategories.Settings, "dataset-compatibility", AuditOutcomes.Success, actor, dataset, $"Compatibility: {mode}", method);

    public static AuditEntry SimulatorLatency(AuditActor actor, TimeSpan latency) =>
        new(AuditCategories.Settings, "jde-simulator-latency", AuditOutcomes.Success, actor, SimulatorTarget,
            $"Latency: {latency.TotalMilliseconds:0} ms", PageAudit.Method);

    public static AuditEntry SimulatorFault(AuditActor actor, string kind, int count, string? orchestration) =>
        new(AuditCategories.Settings, "jde-simulator-fault", AuditOutcomes.Success, actor, SimulatorTarget,
            $"Armed {kind} for {count} call(s){(orchestration is null ? "" : $" of {orchestration}")}", PageAudit.Method);

    public static AuditEntry SimulatorCleared(AuditActor actor) =>
        new(AuditCategories.Settings, "jde-simulator-clear", AuditOutcomes.Success, actor, SimulatorTarget, "Faults and latency cleared", PageAudit.Method);
}
