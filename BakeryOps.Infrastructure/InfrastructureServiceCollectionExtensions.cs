using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Idempotency;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Lake;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BakeryOps.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>Persistence, the database health check and the identity seeder. Options are read and validated here.</summary>
    public static IHostApplicationBuilder AddInfrastructure(this IHostApplicationBuilder builder, DataDirectory dataDirectory)
    {
        builder.Services.TryAddSingleton(dataDirectory);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddPersistence(dataDirectory);

        builder.Services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddValidatedOptions<JdeOptions>(JdeOptions.SectionName, o => o.Validate());
        builder.Services.AddValidatedOptions<LakeOptions>(LakeOptions.SectionName, o => o.Validate());

        builder.Services.AddOptions<BootstrapAdminOptions>().Configure(o =>
        {
            o.Password = builder.Configuration[BootstrapAdminOptions.PasswordVariable];
            o.UserName = builder.Configuration[BootstrapAdminOptions.UserNameVariable] is { Length: > 0 } name ? name : o.UserName;
        });
        builder.Services.TryAddScoped<IdentitySeeder>();
        builder.Services.TryAddScoped<UserAdministration>();
        builder.Services.TryAddSingleton<SessionCleanup>();
        builder.Services.TryAddSingleton<InventoryService>();
        builder.Services.TryAddSingleton<IdempotencyService>();
        builder.Services.TryAddSingleton<DefaultFacilitySeeder>();
        builder.Services.TryAddSingleton<Inventory.SampleData.SampleDataLoader>();

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, tags: [HealthTags.Ready]);
        return builder;
    }
}
