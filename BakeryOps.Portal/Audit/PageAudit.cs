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

    /// <summary>
    /// Records the row <paramref name="entry"/> makes for this circuit's actor, at once. Not cancelled with the page:
    /// a change that was made is recorded even when the user leaves.
    /// </summary>
    public async Task RecordAsync(Func<AuditActor, AuditEntry> entry)
    {
        // Resolved when used: a page that records nothing needs no audit log.
        var log = services.GetRequiredService<AuditLog>();
        await log.RecordAsync(entry(await ActorAsync()), CancellationToken.None);
    }
}
