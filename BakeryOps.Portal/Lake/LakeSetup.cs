using Amazon.S3;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Lake;
using BakeryOps.Infrastructure.Lake.Storage;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Lake;

public static class LakeSetup
{
    /// <summary>
    /// The lake's object store (Lake:Store) and its /health entry. Lake options are bound and validated by
    /// AddInfrastructure; this only chooses and builds the store.
    /// </summary>
    public static IHostApplicationBuilder AddLake(this IHostApplicationBuilder builder, DataDirectory dataDirectory)
    {
        // Built on first use, so a folder-only site never constructs an S3 client (nor looks for AWS credentials).
        builder.Services.AddSingleton<IAmazonS3>(sp => S3ClientFactory.Create(sp.GetRequiredService<IOptions<LakeOptions>>().Value.S3));
        builder.Services.AddSingleton<ILakeStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LakeOptions>>().Value;
            return options.Store switch
            {
                LakeStore.S3 => new S3LakeStore(sp.GetRequiredService<IAmazonS3>(), options.S3, sp.GetRequiredService<ILogger<S3LakeStore>>()),
                _ => new FolderLakeStore(FolderRoot(options, dataDirectory)),
            };
        });
        // What the /s3 endpoints and the S3 Data Lake page read through; stateless, so shared.
        builder.Services.AddSingleton<LakeCatalog>();
        builder.Services.AddSingleton<LakeObjectReader>();
        builder.Services.AddSingleton<LakeManifests>();
        // Not a readiness check: the portal stays useful (inventory, JDE sync) while the lake is unreachable.
        builder.Services.AddHealthChecks().AddCheck<LakeHealthCheck>(LakeHealthCheck.Name);
        return builder;
    }

    /// <summary>Lake:FolderPath, taken from the data directory when relative; by default <c>lake/</c> in it.</summary>
    public static string FolderRoot(LakeOptions options, DataDirectory dataDirectory) =>
        string.IsNullOrWhiteSpace(options.FolderPath)
            ? dataDirectory.Combine("lake")
            : Path.GetFullPath(Path.Combine(dataDirectory.Path, options.FolderPath));
}
