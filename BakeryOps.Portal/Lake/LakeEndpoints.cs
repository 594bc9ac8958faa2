using BakeryOps.Portal.Identity;

namespace BakeryOps.Portal.Lake;

public static class LakeEndpoints
{
    /// <summary>/s3/dispatches, /s3/download/{key}, /s3/preview/{key}, /s3/manifests/verify (the schemas are in <c>Schemas/</c>).</summary>
    public static IEndpointRouteBuilder MapLakeEndpoints(this IEndpointRouteBuilder app)
    {
        var lake = app.MapGroup("/s3")
            .RequireAuthorization(Policies.Read)
            .WithTags("Data lake")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        lake.MapLakeFileEndpoints();
        return app;
    }
}
