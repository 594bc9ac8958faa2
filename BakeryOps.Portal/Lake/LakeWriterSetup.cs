using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Lake;
using BakeryOps.Infrastructure.Lake.Writing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BakeryOps.Portal.Lake;

public static class LakeWriterSetup
{
    /// <summary>
    /// The lake writer and the manifest verifier, with the writer's options (Lake:RowGroupSize, Lake:RowGroupMaxBytes,
    /// Lake:MaxRowsPerFile, Lake:Compression, Lake:StoreAttempts, Lake:RetryDelayMilliseconds) validated at start.
    /// </summary>
    public static IHostApplicationBuilder AddLakeWriter(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<LakeWriterOptions>(LakeOptions.SectionName, o => o.Validate());
        // One gate per process: it keeps the runs of a dataset in line so the manifest chain stays linear.
        builder.Services.TryAddSingleton<LakeRunGate>();
        // A singleton like the registry: flows write from background jobs, outside any request scope.
        builder.Services.TryAddSingleton<ILakeWriter, LakeWriter>();
        builder.Services.TryAddSingleton<ILakeVerifier, LakeVerifier>();
        return builder;
    }
}
