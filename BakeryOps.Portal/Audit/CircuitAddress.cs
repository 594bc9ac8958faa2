using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BakeryOps.Portal.Audit;

/// <summary>
/// The client's network address for the pages of one circuit (or one prerender), read once from the connection's
/// HttpContext. Page events arrive over the circuit, where no request's HttpContext can be trusted, so the address is
/// captured when the scope starts: at prerender from the request, and at circuit start from the hub connection.
/// </summary>
public sealed class CircuitAddress(IHttpContextAccessor accessor)
{
    public string? Value { get; } = accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    /// <summary>Resolves <see cref="CircuitAddress"/> as the circuit opens, while the hub connection's HttpContext is current.</summary>
    internal sealed class Capture(CircuitAddress address) : CircuitHandler
    {
        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            _ = address.Value;
            return Task.CompletedTask;
        }
    }
}
