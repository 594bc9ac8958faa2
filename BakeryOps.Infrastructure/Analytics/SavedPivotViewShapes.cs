using System.Security.Claims;
using BakeryOps.Domain.Analytics;
using BakeryOps.Domain.Identity;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>Who asks: the signed-in user's name (a view's owner) and whether they are an Admin (who may delete shared views).</summary>
public sealed record PivotViewUser(string Name, bool IsAdmin)
{
    /// <exception cref="InvalidOperationException">The principal has no name: only signed-in users reach saved views.</exception>
    public static PivotViewUser From(ClaimsPrincipal principal) =>
        new(principal.Identity?.Name is { Length: > 0 } name ? name : throw new InvalidOperationException("Saved pivot views need a signed-in user with a name."),
            principal.IsInRole(Roles.Admin));
}

/// <summary>What a user saves: the view's name, the pivot page's query string, and whether everyone sees it.</summary>
public sealed record SavedPivotViewInput(string? Name, string? Query, bool Shared);

/// <summary>A saved view as the caller sees it, with what the caller may do to it.</summary>
public sealed record SavedPivotViewInfo(
    string Id,
    string Name,
    string Query,
    string Owner,
    bool Shared,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool CanChange,
    bool CanDelete)
{
    public static SavedPivotViewInfo From(SavedPivotView view, PivotViewUser user)
    {
        var owns = view.Owner == user.Name;
        return new(view.Id, view.Name, view.Query, view.Owner, view.Shared, view.CreatedAt, view.UpdatedAt,
            CanChange: owns, CanDelete: owns || (view.Shared && user.IsAdmin));
    }
}
