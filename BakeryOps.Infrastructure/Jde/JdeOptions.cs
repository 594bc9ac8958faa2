namespace BakeryOps.Infrastructure.Jde;

public enum JdeMode
{
    /// <summary>The built-in AIS simulator that the portal serves itself (the embedded default).</summary>
    Simulator,

    /// <summary>A real JD Edwards AIS server.</summary>
    Ais,
}

/// <summary>The JD Edwards AIS connection, section <c>Jde</c>.</summary>
public sealed class JdeOptions
{
    public const string SectionName = "Jde";

    public JdeMode Mode { get; set; } = JdeMode.Simulator;

    /// <summary>The AIS base, such as <c>https://ais.example.com:9302/jderest/</c>. Required for <see cref="JdeMode.Ais"/> unless all three orchestration URLs are set.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Full orchestration URLs (the earlier <c>JDE_CARDEX_URL</c>, <c>JDE_ITEM_MASTER_UPDATES_URL</c>, <c>JDE_IA_URL</c>); override <see cref="BaseUrl"/>.</summary>
    public string? CardexSummaryUrl { get; set; }

    public string? ItemMasterUrl { get; set; }
    public string? InventoryAdjustmentsUrl { get; set; }

    /// <summary>The integration account (the earlier <c>JDE_CARDEX_USERNAME</c>/<c>JDE_CARDEX_PASSWORD</c>).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The default branch/plant (the earlier <c>JDE_BUSINESS_UNIT</c>).</summary>
    public string BusinessUnit { get; set; } = "1110";

    /// <summary>
    /// The cardex orchestration's input that bounds the date written from above, used to split large pulls into date
    /// windows (docs/decisions/0009). Empty when the orchestration has none.
    /// </summary>
    public string? CardexUpperBoundInput { get; set; } = "rDateTo";

    /// <summary>The widest date window of a cardex pull, in days.</summary>
    public int CardexWindowDays { get; set; } = 31;

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrEmpty(BaseUrl) && !IsHttpUrl(BaseUrl))
        {
            yield return "Jde:BaseUrl must be an absolute http or https URL.";
        }

        foreach (var (key, value) in new[]
                 {
                     ("Jde:CardexSummaryUrl (JDE_CARDEX_URL)", CardexSummaryUrl),
                     ("Jde:ItemMasterUrl (JDE_ITEM_MASTER_UPDATES_URL)", ItemMasterUrl),
                     ("Jde:InventoryAdjustmentsUrl (JDE_IA_URL)", InventoryAdjustmentsUrl),
                 })
        {
            if (!string.IsNullOrEmpty(value) && !IsHttpUrl(value))
            {
                yield return $"{key} must be an absolute http or https URL.";
            }
        }

        if (CardexWindowDays is < 1 or > 366)
        {
            yield return "Jde:CardexWindowDays must be between 1 and 366.";
        }

        if (Mode != JdeMode.Ais)
        {
            yield break;
        }

        if (string.IsNullOrEmpty(BaseUrl)
            && (string.IsNullOrEmpty(CardexSummaryUrl) || string.IsNullOrEmpty(ItemMasterUrl) || string.IsNullOrEmpty(InventoryAdjustmentsUrl)))
        {
            yield return "Jde:BaseUrl is required when Jde:Mode is Ais (or set all three JDE orchestration URLs).";
        }

        if (string.IsNullOrEmpty(Username))
        {
            yield return "Jde:Username (JDE_CARDEX_USERNAME) is required when Jde:Mode is Ais.";
        }

        if (string.IsNullOrEmpty(Password))
        {
            yield return "Jde:Password (JDE_CARDEX_PASSWORD) is required when Jde:Mode is Ais.";
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
