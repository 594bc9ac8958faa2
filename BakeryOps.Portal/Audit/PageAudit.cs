using BakeryOps.Domain.Audit;
using BakeryOps.Infrastructure.Audit;
using Microsoft.AspNetCore.Components.Authorization;

namespace BakeryOps.Portal.Audit;

/// <summary>Audit rows for what a person does on a page: the signed-in user, the circuit's address, method <c>page</c>.</summary>
public sealed class PageAudit(AuthenticationStateProvider authentication, CircuitAddress address, IServiceProvider services)
{
    public const string Method = "page";

    /// <summary>Who acts on this circuit.</summary>
    public async Task<AuditActor> ActorAsync() =>
        AuditActors.From((await authentication.GetAuthenticationStateAsync()).User, address.Value);

    /// <summary>Records one row at once.</summary>
    public async Task RecordAsync(
        string category, string action, string? target, string? detail = null, string outcome = AuditOutcomes.Success, CancellationToken cancellationToken = default)
    {
        // Resolved when used: a page that records nothing needs no database.
        var log = services.GetRequiredService<AuditLog>();
        await log.RecordAsync(new AuditEntry(category, action, outcome, await ActorAsync(), target, detail, Method), cancellationToken);
    }
}
