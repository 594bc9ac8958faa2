using BakeryOps.Domain.Audit;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BakeryOps.Infrastructure.Audit;

/// <summary>
/// Writes <c>audit_events</c>. <see cref="RecordAsync"/> saves at once in its own unit of work (sign-ins, token
/// grants, user changes). <see cref="Add"/> puts the row into the caller's context so it commits or rolls back with
/// the change it describes (approvals, dispatches); the caller then calls <see cref="Announce"/> after the commit.
/// </summary>
/// <remarks>
/// Text is stored as given except that control characters become U+FFFD and over-long values are cut: an attacker's
/// user name must not forge lines in an export, and an audit row must never be refused for its length.
/// </remarks>
public sealed partial class AuditLog(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    AuditNotifications notifications,
    TimeProvider clock,
    ILogger<AuditLog> logger)
{
    public async Task<AuditEvent> RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = Add(db, entry);
        await db.SaveChangesAsync(cancellationToken);
        Announce(row);
        return row;
    }

    /// <summary>Adds the row to <paramref name="db"/> without saving; the caller's save commits it.</summary>
    public AuditEvent Add(BakeryOpsDbContext db, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entry);
        var row = new AuditEvent
        {
            OccurredAt = clock.GetUtcNow(),
            Category = Clean(entry.Category, AuditEvent.MaxCategoryLength)!,
            Action = Clean(entry.Action, AuditEvent.MaxActionLength)!,
            Outcome = Clean(entry.Outcome, AuditEvent.MaxOutcomeLength)!,
            Actor = Clean(entry.Actor.Name, AuditEvent.MaxActorLength)!,
            ActorKind = Clean(entry.Actor.Kind, AuditEvent.MaxActorKindLength)!,
            Address = Clean(entry.Actor.Address, AuditEvent.MaxAddressLength),
            Method = Clean(entry.Method, AuditEvent.MaxMethodLength),
            Target = Clean(entry.Target, AuditEvent.MaxTargetLength),
            Detail = Clean(entry.Detail, AuditEvent.MaxDetailLength),
        };
        db.AuditEvents.Add(row);
        return row;
    }

    /// <summary>Tells open pages about a row committed through <see cref="Add"/>, and writes it to the log.</summary>
    public void Announce(AuditEvent row)
    {
        LogRecorded(logger, row.Category, row.Action, row.Outcome, row.Actor, row.Target, row.Address);
        notifications.Publish(row);
    }

    internal static string? Clean(string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        var text = new string(chars);
        return text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 1), "…");
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Audit {AuditCategory}/{AuditAction} {AuditOutcome} by {AuditActor} on {AuditTarget} from {ClientAddress}")]
    private static partial void LogRecorded(
        ILogger logger, string auditCategory, string auditAction, string auditOutcome, string auditActor, string? auditTarget, string? clientAddress);
}
