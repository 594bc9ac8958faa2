using BakeryOps.Infrastructure.Sessions;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BakeryOps.Portal.Sessions;

public static class AdminSessionEndpoints
{
    public static IEndpointRouteBuilder MapAdminSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").RequireAuthorization(Policies.Admin).WithTags("Administration");
        admin.MapDelete("/cleanup-sessions", CleanupSessions)
            .WithSummary("Delete expired session data and refresh tokens that can no longer be used; the counts by kind")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static async Task<Ok<CleanupResult>> CleanupSessions(SessionCleanup cleanup, CancellationToken cancellationToken)
    {
        var removed = await cleanup.DeleteExpiredAsync(cancellationToken);
        return TypedResults.Ok(new CleanupResult(removed.Total, removed.Sessions, removed.ExpiredRefreshTokens, removed.RevokedRefreshTokens));
    }
}

/// <summary><see cref="Deleted"/> is the total, as the earlier system answered; the other fields split it by kind.</summary>
public sealed record CleanupResult(int Deleted, int Sessions, int ExpiredRefreshTokens, int RevokedRefreshTokens);
