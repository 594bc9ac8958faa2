using Microsoft.AspNetCore.Identity;

namespace BakeryOps.Infrastructure.Identity;

/// <summary>A portal account: a person signing in to the portal or an external system calling the API.</summary>
public sealed class ApplicationUser : IdentityUser
{
    public string? DisplayName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
