using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Inventory.SampleData;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Jde.Simulator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Jde;

public static class JdeServiceCollectionExtensions
{
    /// <summary>
    /// The typed AIS client and the JDE health entry, with <c>Jde</c> validated at start. In the embedded mode the client
    /// calls the portal's own simulator over HTTP, so the production code path is the one exercised.
    /// </summary>
    public static IHostApplicationBuilder AddJdeClient(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<JdeOptions>(JdeOptions.SectionName, o => o.Validate());
        // Only the embedded simulator lives at the portal's own address; a process without a web server may call AIS.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<JdeOptions>>().Value;
            return JdeClientSettingsFactory.Create(options, options.Mode == JdeMode.Simulator ? PortalAddress(sp) : null, sp.GetService<JdeSimulatorAccount>());
        });
        // A singleton because the typed client is transient: the circuit must count every client's failures.
        services.AddSingleton(sp => new JdeResiliencePipelines(
            sp.GetRequiredService<JdeClientSettings>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<JdeResiliencePipelines>>()));
        services.AddSingleton<JdeCallLog>();
        services.AddTransient<JdeCallRecorder>();
        // Jde:CaCertificatePath / Jde:PinnedCertificateSha256 replace the OS trust decision; there is no way to skip it.
        services.AddSingleton(sp => JdeServerCertificateValidator.Create(
            sp.GetRequiredService<IOptions<JdeOptions>>().Value, sp.GetRequiredService<ILogger<JdeServerCertificateValidator>>(),
            sp.GetRequiredService<TimeProvider>()));
        // The pipelines enforce the per-call timeouts (120 s reads); HttpClient's 100 s default must not cut them short.
        services.AddHttpClient<JdeAisClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<JdeServerCertificateValidator>().CreatePrimaryHandler())
            .AddHttpMessageHandler<JdeCallRecorder>()
            .AddHttpMessageHandler(sp => sp.GetRequiredService<JdeServerCertificateValidator>().CreateFailureHandler());
        // Not a readiness check: the portal stays useful (inventory, lake) while JD Edwards is down.
        services.AddHealthChecks().AddCheck<JdeHealthCheck>(JdeHealthCheck.Name);
        return builder;
    }

    /// <summary>The portal's simulator, kept in <c>{data}/jde-simulator/state.bin</c> so a restart keeps what was posted.</summary>
    public static IHostApplicationBuilder AddJdeSimulator(this IHostApplicationBuilder builder, DataDirectory dataDirectory) =>
        builder.AddJdeSimulator(dataDirectory.Combine("jde-simulator", "state.bin"));

    /// <summary>
    /// The built-in AIS simulator (<see cref="JdeSimulatorOptions"/>): its account, sessions, faults and state, saved to
    /// <paramref name="snapshotPath"/>. The portal serves it under <c>/jde-sim/jderest/</c>; the tests' standalone host
    /// registers the same services.
    /// </summary>
    /// <param name="builder">The portal's or a standalone host's builder.</param>
    /// <param name="snapshotPath">Where the state is saved.</param>
    /// <param name="state">
    /// A state to serve instead of loading or creating one; the caller keeps ownership (it is not disposed with the host).
    /// </param>
    /// <param name="sampleData">The bakery a new state is seeded from; the embedded sample bakery by default.</param>
    public static IHostApplicationBuilder AddJdeSimulator(
        this IHostApplicationBuilder builder, string snapshotPath, JdeSimulatorState? state = null, BakerySampleData? sampleData = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshotPath);
        var services = builder.Services;
        services.AddValidatedOptions<JdeSimulatorOptions>(JdeSimulatorOptions.SectionName, o => o.Validate());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<JdeSimulatorOptions>>().Value.Account);
        services.AddSingleton<JdeSimulatorSessions>();
        services.AddSingleton<JdeSimulatorFaults>();

        // A given state is saved there too, so the directory cannot wait for the state to be loaded.
        void EnsureDirectory() => Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(snapshotPath))!);
        if (state is not null)
        {
            services.AddSingleton(state);
        }
        else
        {
            services.AddSingleton(sp =>
            {
                EnsureDirectory();
                var options = sp.GetRequiredService<IOptions<JdeSimulatorOptions>>().Value;
                return JdeSimulatorState.LoadOrCreate(
                    snapshotPath, sampleData ?? BakerySampleData.Default, sp.GetRequiredService<TimeProvider>(), options.Ledger, options.LedgerRows);
            });
        }

        services.AddSingleton(sp =>
        {
            EnsureDirectory();
            return new JdeSimulatorSnapshot(sp.GetRequiredService<JdeSimulatorState>(), snapshotPath);
        });
        // Posts only append to the journal; the full snapshot is rewritten in the background and at shutdown.
        services.AddHostedService<JdeSimulatorSnapshotCompaction>();
        return builder;
    }

    // Site:PublicBaseUrl when set, otherwise the address Kestrel listens on.
    private static Uri? PortalAddress(IServiceProvider services)
    {
        if (services.GetRequiredService<IOptions<SiteOptions>>().Value.PublicBaseUrl is { Length: > 0 } configured)
        {
            return new Uri(configured.TrimEnd('/') + "/");
        }

        return ServerAddress.Resolve(services.GetRequiredService<IServer>());
    }
}
