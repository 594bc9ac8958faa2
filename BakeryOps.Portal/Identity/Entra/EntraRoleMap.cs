using System.Security.Claims;
using BakeryOps.Domain.Identity;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Identity.Entra;

/// <summary>Turns the <c>roles</c> (app roles) and <c>groups</c> (group object ids) claims of an Entra token into portal roles.</summary>
public sealed class EntraRoleMap(IOptions<EntraOptions> options)
{
    public const string RolesClaim = "roles";
    public const string GroupsClaim = "groups";

    /// <summary>The portal roles the principal's app roles and groups map to; an unmapped value gives nothing.</summary>
    /// <remarks>
    /// Reads the raw claim types and the ones inbound claim mapping turns <c>roles</c> into, so the map does not
    /// depend on how a handler was told to map claims.
    /// </remarks>
    public IReadOnlyList<string> Map(ClaimsPrincipal principal) =>
        Map(principal.Claims.Where(c => c.Type is RolesClaim or GroupsClaim or ClaimTypes.Role).Select(c => c.Value));

    public IReadOnlyList<string> Map(IEnumerable<string> appRolesAndGroups)
    {
        var map = options.Value.RoleMap;
        return appRolesAndGroups
            .SelectMany(value => map.TryGetValue(value, out var roles) ? Split(roles) : [])
            .Select(Canonical)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    internal static IReadOnlyList<string> Split(string roles) =>
        roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The portal's spelling of <paramref name="role"/>, or null when it is not a portal role.</summary>
    internal static string? Canonical(string role) =>
        Roles.All.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase));
}
