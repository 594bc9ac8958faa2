namespace BakeryOps.Portal.Jde;

/// <summary>
/// Endpoint metadata: the endpoint stands in for JD Edwards AIS, so refusals the portal makes before it (the input
/// gate) answer in AIS's error shape, as the real server would.
/// </summary>
internal sealed class AisErrorResponses
{
    public static AisErrorResponses Instance { get; } = new();

    private AisErrorResponses()
    {
    }
}
