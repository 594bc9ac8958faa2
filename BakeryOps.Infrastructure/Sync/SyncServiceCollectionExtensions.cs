using BakeryOps.Infrastructure.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BakeryOps.Infrastructure.Sync;

public static class SyncServiceCollectionExtensions
{
    /// <summary>
    /// The JD Edwards → bakery sync: its options (<c>Sync</c>, <c>Sync:ItemMaster</c>), the cardex and item master
    /// syncs and their runners, and the item master review.
    /// </summary>
    public static IHostApplicationBuilder AddSync(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<SyncOptions>(SyncOptions.SectionName, o => o.Validate());
        // Transient like the typed JD Edwards client it uses.
        builder.Services.AddTransient<CardexSync>();
        builder.Services.AddSingleton<SyncLeases>();
        builder.Services.AddSingleton<CardexSyncRunner>();
        builder.Services.AddSingleton<QuarantineCatalog>();
        builder.Services.AddValidatedOptions<ItemMasterSyncOptions>(ItemMasterSyncOptions.SectionName, o => o.Validate());
        builder.Services.AddTransient<ItemMasterSync>();
        builder.Services.AddSingleton<ItemMasterReviews>();
        builder.Services.AddSingleton<ItemMasterSyncRunner>();
        return builder;
    }
}
