using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Inventory.SampleData;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Jde.Simulator;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Jde;

public static class JdeSimulatorSetup
{
    /// <summary>The portal's simulator, kept in <c>{data}/jde-simulator/state.bin</c> so a restart keeps what was posted.</summary>
    public static IHostApplicationBuilder AddJdeSimulator(this IHostApplicationBuilder builder, DataDirectory dataDirectory) =>
        builder.AddJdeSimulator(dataDirectory.Combine("jde-simulator", "state.bin"));

    /// <summary>
    /// The built-in AIS simulator (<see cref="JdeSimulatorOptions"/>): its account, sessions, faults and state, saved to
    /// <paramref name="snapshotPath"/>. Shared by the portal and <see cref="JdeSimulatorHost"/>: a simulator service
    /// registered here exists in both.
    /// </summary>
    /// <param name="builder">The portal's or the standalone host's builder.</param>
    /// <param name="snapshotPath">Where the state is saved.</param>
    /// <param name="state">
    /// A state to serve instead of loading or creating one; the caller keeps ownership (it is not disposed with the host).
    /// </param>
    /// <param name="sampleData">The bakery a new state is seeded from; the embedded sample bakery by default.</param>
    public static IHostApplicationBuilder AddJdeSimulator(
        this IHostApplicationBuilder builder, string snapshotPath, JdeSimulatorState? state = null, BakerySampleData? sampleData = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshotPath);
        builder.Services.AddValidatedOptions<JdeSimulatorOptions>(JdeSimulatorOptions.SectionName, o => o.Validate());
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<JdeSimulatorOptions>>().Value.Account);
        builder.Services.AddSingleton<JdeSimulatorSessions>();
        builder.Services.AddSingleton<JdeSimulatorFaults>();

        // A given state is saved there too, so the directory cannot wait for the state to be loaded.
        void EnsureDirectory() => Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(snapshotPath))!);
        if (state is not null)
        {
            builder.Services.AddSingleton(state);
        }
        else
        {
            builder.Services.AddSingleton(sp =>
            {
                EnsureDirectory();
                var options = sp.GetRequiredService<IOptions<JdeSimulatorOptions>>().Value;
                return JdeSimulatorState.LoadOrCreate(
                    snapshotPath, sampleData ?? BakerySampleData.Default, sp.GetRequiredService<TimeProvider>(), options.Ledger, options.LedgerRows);
            });
        }

        builder.Services.AddSingleton(sp =>
        {
            EnsureDirectory();
            return new JdeSimulatorSnapshot(sp.GetRequiredService<JdeSimulatorState>(), snapshotPath);
        });
        // Posts only append to the journal; the full snapshot is rewritten in the background and at shutdown.
        builder.Services.AddHostedService<JdeSimulatorSnapshotCompaction>();
        return builder;
    }

    /// <summary>Serves the simulator under <c>/jde-sim/jderest/</c> when <c>Jde:Mode</c> is Simulator (the embedded default).</summary>
    public static WebApplication MapJdeSimulator(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<JdeOptions>>().Value.Mode == JdeMode.Simulator)
        {
            app.MapJdeSimulatorEndpoints(JdeSimulatorAuthEndpoints.Prefix);
        }

        return app;
    }

    /// <summary>
    /// Every simulator endpoint (login surface and orchestrations) under <paramref name="prefix"/>: the portal's
    /// <c>/jde-sim/jderest</c>, or <c>/jderest</c> as a real AIS server has it.
    /// </summary>
    public static RouteGroupBuilder MapJdeSimulatorEndpoints(this IEndpointRouteBuilder app, string prefix) =>
        app.MapJdeSimulatorAuthEndpoints(prefix).MapJdeSimulatorOrchestrationEndpoints();
}
