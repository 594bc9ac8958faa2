using BakeryOps.Domain.Audit;

namespace BakeryOps.Infrastructure.Audit;

/// <summary>Raised in process after an audit row commits, so the audit page shows it without a reload.</summary>
public sealed class AuditNotifications
{
    public event Action<AuditEvent>? Recorded;

    public void Publish(AuditEvent row) => Recorded?.Invoke(row);
}
