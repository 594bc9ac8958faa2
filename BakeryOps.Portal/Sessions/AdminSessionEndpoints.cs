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
            .WithSummary("Delete expired session data")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static async Task<Ok<CleanupResult>> CleanupSessions(SessionCleanup cleanup, CancellationToken cancellationToken) =>
        TypedResults.Ok(new CleanupResult(await cleanup.DeleteExpiredAsync(cancellationToken)));
}

public sealed record CleanupResult(int Deleted);
