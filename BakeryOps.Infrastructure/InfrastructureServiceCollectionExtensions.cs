using BakeryOps.Infrastructure.Analytics;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Data;
using BakeryOps.Infrastructure.Dispatch;
using BakeryOps.Infrastructure.Idempotency;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Identity.Tokens;
using BakeryOps.Infrastructure.Identity.ServiceAccounts;
using BakeryOps.Infrastructure.Identity.Ldap;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Reconciliation;
using BakeryOps.Infrastructure.Schemas;
using BakeryOps.Infrastructure.Sessions;
using BakeryOps.Infrastructure.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BakeryOps.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>
    /// Every Infrastructure service: persistence and the database health check, identity, Bakery Operations, the JD
    /// Edwards simulator and client, the lake and the schema registry. Their options are bound and validated at start.
    /// </summary>
    public static IHostApplicationBuilder AddInfrastructure(this IHostApplicationBuilder builder, DataDirectory dataDirectory)
    {
        builder.Services.TryAddSingleton(dataDirectory);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddPersistence(dataDirectory);

        builder.Services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddOptions<BootstrapAdminOptions>().Configure(o =>
        {
            o.Password = builder.Configuration[BootstrapAdminOptions.PasswordVariable];
            o.UserName = builder.Configuration[BootstrapAdminOptions.UserNameVariable] is { Length: > 0 } name ? name : o.UserName;
        });
        builder.Services.TryAddScoped<IdentitySeeder>();
        builder.Services.TryAddScoped<UserAdministration>();
        builder.Services.TryAddScoped<ExternalAccounts>();
        builder.AddLdap();
        builder.Services.TryAddSingleton<SessionCleanup>();
        builder.Services.TryAddSingleton<SessionCleanupRunner>();
        builder.Services.AddTokenStores();
        builder.Services.TryAddSingleton<StockNotifications>();
        builder.Services.TryAddSingleton<InventoryService>();
        builder.Services.TryAddSingleton<IdempotencyService>();
        builder.Services.AddValidatedOptions<IdempotencyOptions>(IdempotencyOptions.SectionName, o => o.Validate());
        builder.Services.TryAddSingleton<DefaultFacilitySeeder>();
        builder.Services.TryAddSingleton<Inventory.SampleData.SampleDataLoader>();

        builder.Services.TryAddSingleton<ScratchFacilities>();
        builder.Services.TryAddSingleton<DataViews>();

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, tags: [HealthTags.Ready]);

        builder.AddSyncRuns();
        builder.AddJdeSimulator(dataDirectory);
        builder.AddJdeClient();
        builder.AddLake(dataDirectory);
        builder.AddSchemaRegistry();
        builder.AddSync();
        builder.AddReconciliation();
        builder.AddDispatch();
        builder.AddAnalytics();
        builder.AddAudit();
        builder.AddServiceAccounts();
        return builder;
    }
}
