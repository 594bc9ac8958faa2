using System.Security.Claims;
using BakeryOps.Domain.Audit;
using BakeryOps.Portal.Identity;

namespace BakeryOps.Portal.Audit;

/// <summary>Who is acting, for audit rows: the signed-in user or service account, and the client's address.</summary>
public static class AuditActors
{
    public static AuditActor From(HttpContext context) =>
        From(context.User, context.Connection.RemoteIpAddress?.ToString());

    public static AuditActor From(ClaimsPrincipal user, string? address)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return AuditActor.Anonymous(null, address);
        }

        var clientId = user.FindFirst(ClaimNames.ClientId)?.Value;
        return clientId is not null
            ? new AuditActor(clientId, AuditActorKinds.Service, address)
            : new AuditActor(user.Identity.Name ?? "(unnamed)", AuditActorKinds.User, address);
    }
}
