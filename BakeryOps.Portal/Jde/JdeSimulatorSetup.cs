using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Inventory.SampleData;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Jde.Simulator;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Jde;

public static class JdeSimulatorSetup
{
    /// <summary>
    /// The built-in AIS simulator (<see cref="JdeSimulatorOptions"/>): its account, sessions, faults and state, kept in
    /// <c>{data}/jde-simulator/state.bin</c> so a restart keeps what was posted.
    /// </summary>
    public static IHostApplicationBuilder AddJdeSimulator(this IHostApplicationBuilder builder, DataDirectory dataDirectory)
    {
        builder.Services.AddValidatedOptions<JdeSimulatorOptions>(JdeSimulatorOptions.SectionName, o => o.Validate());
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<JdeSimulatorOptions>>().Value.Account);
        builder.Services.AddSingleton<JdeSimulatorSessions>();
        builder.Services.AddSingleton<JdeSimulatorFaults>();

        var snapshotPath = dataDirectory.Combine("jde-simulator", "state.bin");
        builder.Services.AddSingleton(sp =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(snapshotPath)!);
            var options = sp.GetRequiredService<IOptions<JdeSimulatorOptions>>().Value;
            return JdeSimulatorState.LoadOrCreate(
                snapshotPath, BakerySampleData.Default, sp.GetRequiredService<TimeProvider>(), options.Ledger, options.LedgerRows);
        });
        builder.Services.AddSingleton(sp => new JdeSimulatorSnapshot(sp.GetRequiredService<JdeSimulatorState>(), snapshotPath));
        return builder;
    }

    /// <summary>Serves the simulator under <c>/jde-sim/jderest/</c> when <c>Jde:Mode</c> is Simulator (the embedded default).</summary>
    public static WebApplication MapJdeSimulator(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<JdeOptions>>().Value.Mode == JdeMode.Simulator)
        {
            app.MapJdeSimulatorAuthEndpoints().MapJdeSimulatorOrchestrationEndpoints();
        }

        return app;
    }
}
