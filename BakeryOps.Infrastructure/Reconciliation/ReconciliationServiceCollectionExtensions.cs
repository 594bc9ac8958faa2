using BakeryOps.Infrastructure.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BakeryOps.Infrastructure.Reconciliation;

public static class ReconciliationServiceCollectionExtensions
{
    /// <summary>The reconciliation: its options (<c>Reconciliation</c>), the service, its runner and the snapshot after each cardex run.</summary>
    public static IHostApplicationBuilder AddReconciliation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ReconciliationOptions>(ReconciliationOptions.SectionName, o => o.Validate());
        // Transient like the typed JD Edwards client they use.
        builder.Services.AddTransient<ItemBalancePuller>();
        builder.Services.AddTransient<ReconciliationService>();
        builder.Services.AddSingleton<ReconciliationRunner>();
        builder.Services.AddHostedService<SnapshotAfterSync>();
        return builder;
    }
}
