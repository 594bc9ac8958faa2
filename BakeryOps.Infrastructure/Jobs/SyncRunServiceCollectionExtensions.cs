using BakeryOps.Infrastructure.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BakeryOps.Infrastructure.Jobs;

public static class SyncRunServiceCollectionExtensions
{
    /// <summary>Run recording (<c>sync_runs</c>), live run notifications and the <c>jobs</c> entry of <c>/health</c>.</summary>
    public static IHostApplicationBuilder AddSyncRuns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<SyncRunOptions>(SyncRunOptions.SectionName, o => o.Validate());
        builder.Services.TryAddSingleton<SyncRunNotifications>();
        builder.Services.TryAddSingleton<SyncRunRecorder>();
        builder.Services.TryAddSingleton<SyncRunCatalog>();
        // Not a readiness check: a stalled job degrades the portal, it does not stop it serving.
        builder.Services.AddHealthChecks().AddCheck<SyncRunHealthCheck>(SyncRunHealthCheck.Name);
        return builder;
    }
}
