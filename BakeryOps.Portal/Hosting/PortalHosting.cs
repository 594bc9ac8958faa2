using BakeryOps.Infrastructure;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Portal.Analytics;
using BakeryOps.Portal.Api;
using BakeryOps.Portal.Audit;
using BakeryOps.Portal.Components;
using BakeryOps.Portal.Data;
using BakeryOps.Portal.Dispatch;
using BakeryOps.Portal.Errors;
using BakeryOps.Portal.Health;
using BakeryOps.Portal.Identity;
using BakeryOps.Portal.Identity.Entra;
using BakeryOps.Portal.Input;
using BakeryOps.Portal.Inventory;
using BakeryOps.Portal.Jde;
using BakeryOps.Portal.Jobs;
using BakeryOps.Portal.Lake;
using BakeryOps.Portal.Reconciliation;
using BakeryOps.Portal.Schemas;
using BakeryOps.Portal.Sessions;
using BakeryOps.Portal.Sync;
using BakeryOps.Portal.Telemetry;
using MudBlazor.Services;
using Serilog;

namespace BakeryOps.Portal.Hosting;

/// <summary>The portal's composition root: services, start-up work and the request pipeline.</summary>
public static class PortalHosting
{
    public static WebApplicationBuilder AddBakeryOpsPortal(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddLegacyVariables();
        var dataDirectory = DataDirectory.Resolve(builder.Configuration, builder.Environment.ContentRootPath);
        var jwt = JwtSettings.Resolve(builder.Configuration, dataDirectory, builder.Environment.IsDevelopment());

        builder.AddPortalLogging(dataDirectory);
        builder.AddPortalTelemetry();
        builder.Services.AddSystemd();
        builder.AddInfrastructure(dataDirectory);
        builder.AddPortalAuthentication(jwt);
        builder.AddPortalProxy();
        builder.AddPortalSecurity();
        builder.AddPortalRateLimits();
        builder.Services.AddServiceAccountAccess();
        builder.AddEntraSignIn(jwt);
        builder.AddPortalProblemDetails();
        builder.AddPortalCors();
        builder.AddPortalOpenApi();
        builder.Services.AddJobScheduleOptions();
        builder.AddPortalJobs(dataDirectory);
        builder.Services.AddValidatedOptions<ApiOptions>(ApiOptions.SectionName, o => o.Validate());
        BakeryOpsJsonContext.AddBakeryOpsJson(builder.Services);

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddHttpClient();
        builder.Services.AddScoped<BakeryOpsSelfTest>();
        builder.Services.AddScoped<Components.Shared.TimeDisplay>();
        builder.Services.AddPortalAudit();
        builder.Services.AddSingleton<Components.Pages.Reconciliation.ReportHandOver>();
        return builder;
    }

    /// <summary>
    /// Migrates the database, seeds roles, the bootstrap administrator and the default facility, and closes the runs a
    /// previous stop left open, before serving requests or starting jobs.
    /// </summary>
    public static async Task PrepareAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IdentitySeeder>().SeedAsync(cancellationToken);
        await app.Services.GetRequiredService<DefaultFacilitySeeder>().SeedAsync(cancellationToken);
        await app.Services.GetRequiredService<SyncRunRecorder>().CloseInterruptedAsync(cancellationToken);
    }

    public static WebApplication UseBakeryOpsPortal(this WebApplication app)
    {
        app.UsePortalProxy();
        app.UsePortalSecurityHeaders();
        app.UseSerilogRequestLogging();
        app.UsePortalErrorHandling();
        app.UseCookiePolicy();
        app.UseRouting();
        app.UseCors(CorsSetup.PolicyName);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UsePortalRateLimits();
        app.UseAntiforgery();
        app.UseInputGate();

        app.MapStaticAssets().AllowAnonymous();
        app.MapPortalHealthEndpoints();
        app.MapPortalMetrics();
        app.MapTokenEndpoints();
        app.MapAccountEndpoints();
        app.MapEntraEndpoints();
        app.MapAdminSessionEndpoints();
        app.MapServiceAccountEndpoints();
        app.MapAdminUserEndpoints();
        app.MapBakeryOpsEndpoints();
        app.MapDevEndpoints();
        app.MapJdeSimulator();
        app.MapLakeEndpoints();
        app.MapSchemaEndpoints();
        app.MapJobEndpoints();
        app.MapSyncEndpoints();
        app.MapItemMasterEndpoints();
        app.MapReconciliationEndpoints();
        app.MapDispatchEndpoints();
        app.MapAnalyticsEndpoints();
        app.MapSavedViewEndpoints();

        app.MapDataEndpoints();
        app.MapAuditEndpoints();
        app.MapPortalApiDocs();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
