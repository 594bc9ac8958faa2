using Amazon.S3;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Lake.Catalog;
using BakeryOps.Infrastructure.Lake.Housekeeping;
using BakeryOps.Infrastructure.Lake.Outbox;
using BakeryOps.Infrastructure.Lake.Reading;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Lake.Writing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Lake;

public static class LakeServiceCollectionExtensions
{
    /// <summary>
    /// The lake: its object store (<c>Lake:Store</c>) and <c>/health</c> entry, the writer and verifier, the readers the
    /// <c>/s3</c> endpoints and pages use, and the batching of Bakery Operations changes through <c>lake_outbox</c>.
    /// Every option (<c>Lake</c>, <c>Lake:Batching</c>) is validated at start.
    /// </summary>
    public static IHostApplicationBuilder AddLake(this IHostApplicationBuilder builder, DataDirectory dataDirectory)
    {
        var services = builder.Services;
        services.AddValidatedOptions<LakeOptions>(LakeOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<LakeWriterOptions>(LakeOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<LakeOutboxOptions>(LakeOutboxOptions.SectionName, o => o.Validate());

        // Built on first use, so a folder-only site never constructs an S3 client (nor looks for AWS credentials).
        services.TryAddSingleton<IAmazonS3>(sp => S3ClientFactory.Create(sp.GetRequiredService<IOptions<LakeOptions>>().Value.S3));
        services.TryAddSingleton<ILakeStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LakeOptions>>().Value;
            return options.Store switch
            {
                LakeStore.S3 => new S3LakeStore(sp.GetRequiredService<IAmazonS3>(), options.S3, sp.GetRequiredService<ILogger<S3LakeStore>>(), sp.GetRequiredService<TimeProvider>()),
                _ => new FolderLakeStore(FolderRoot(options, dataDirectory)),
            };
        });

        // One gate per process: it keeps the runs of a dataset in line so the manifest chain stays linear.
        services.TryAddSingleton<LakeRunGate>();
        // Singletons: flows write from background jobs, outside any request scope.
        services.TryAddSingleton<LakeWriter>();
        services.TryAddSingleton<ILakeWriter>(sp => sp.GetRequiredService<LakeWriter>());
        services.TryAddSingleton<ILakeVerifier, LakeVerifier>();

        // What the /s3 endpoints and the S3 Data Lake page read through; stateless, so shared.
        services.TryAddSingleton<LakeCatalog>();
        services.TryAddSingleton<LakeObjectReader>();
        services.TryAddSingleton<LakeManifests>();

        // Each product change and movement is queued in lake_outbox with the change itself and written in batches.
        services.AddSingleton<IInterceptor, LakeOutboxInterceptor>();
        services.TryAddSingleton<LakeOutboxFlusher>();
        services.AddHostedService<LakeOutboxService>();

        services.AddLakeHousekeeping();

        // Not a readiness check: the portal stays useful (inventory, JDE sync) while the lake is unreachable.
        services.AddHealthChecks().AddCheck<LakeHealthCheck>(LakeHealthCheck.Name);
        return builder;
    }

    /// <summary>Lake:FolderPath, taken from the data directory when relative; by default <c>lake/</c> in it.</summary>
    public static string FolderRoot(LakeOptions options, DataDirectory dataDirectory) =>
        string.IsNullOrWhiteSpace(options.FolderPath)
            ? dataDirectory.Combine("lake")
            : Path.GetFullPath(Path.Combine(dataDirectory.Path, options.FolderPath));
}
