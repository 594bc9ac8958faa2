using System.Security.Claims;
using BakeryOps.Infrastructure.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace BakeryOps.Portal.Identity;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // The [FromForm] parameter is what makes the minimal API validate the antiforgery token.
        app.MapPost("/logout", Logout).ExcludeFromDescription();

        app.MapGet("/me", Me)
            .WithTags("Authentication")
            .WithSummary("The signed-in user and roles")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    public static async Task<RedirectHttpResult> Logout(SignInManager<ApplicationUser> signIn, [FromForm] string? returnUrl)
    {
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("~/login");
    }

    public static Ok<CurrentUser> Me(ClaimsPrincipal user) => TypedResults.Ok(CurrentUser.From(user));
}

public sealed record CurrentUser(string UserName, IReadOnlyList<string> Roles, string AuthenticationType)
{
    public static CurrentUser From(ClaimsPrincipal principal)
    {
        var identity = principal.Identity as ClaimsIdentity;
        var roleType = identity?.RoleClaimType ?? ClaimTypes.Role;
        return new CurrentUser(
            principal.Identity?.Name ?? "",
            principal.FindAll(roleType).Select(c => c.Value).Order(StringComparer.Ordinal).ToList(),
            principal.Identity?.AuthenticationType ?? "");
    }
}
