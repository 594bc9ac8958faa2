using BakeryOps.Infrastructure.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BakeryOps.Infrastructure.Sync;

public static class SyncServiceCollectionExtensions
{
    /// <summary>The JD Edwards → bakery sync: its options (<c>Sync</c>), the cardex sync and its runner.</summary>
    public static IHostApplicationBuilder AddSync(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<SyncOptions>(SyncOptions.SectionName, o => o.Validate());
        // Transient like the typed JD Edwards client it uses.
        builder.Services.AddTransient<CardexSync>();
        builder.Services.AddSingleton<SyncLeases>();
        builder.Services.AddSingleton<CardexSyncRunner>();
        builder.Services.AddSingleton<QuarantineCatalog>();
        return builder;
    }
}
