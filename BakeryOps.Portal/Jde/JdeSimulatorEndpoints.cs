using BakeryOps.Infrastructure.Jde;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Jde;

public static class JdeSimulatorEndpoints
{
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
