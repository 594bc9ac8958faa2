using System.ComponentModel;
using System.Globalization;
using System.Security.Cryptography;
using BakeryOps.Infrastructure.Jde.Client;

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

    /// <summary>
    /// Full URL of the item balance orchestration (F41021, <c>JDE_ITEM_BALANCE</c>; legacy <c>JDE_ITEM_BALANCE_URL</c>).
    /// It is a custom orchestration, so with <see cref="JdeMode.Ais"/> JDE's balance is read only when this is set;
    /// otherwise reconciliation uses the mirrored ledger's sum. The simulator always has it.
    /// </summary>
    public string? ItemBalanceUrl { get; set; }

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

    /// <summary>
    /// The JD Edwards server's time zone (IANA or Windows id): ledger dates and times (TRDJ, CRDJ, TDAY) are read in it,
    /// and postings are dated in it.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    public TimeZoneInfo TimeZoneInfo => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>
    /// A PEM or DER file of the CA certificates (a private root, possibly intermediates) that the AIS server's chain
    /// must end at, instead of the operating system's store. Host name and expiry still count.
    /// </summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>
    /// SHA-256 fingerprints of the AIS server's leaf certificate (the whole certificate, as keytool and browsers show
    /// it; hex, colons and spaces allowed), as an array or one comma-separated string. When set, the leaf must match
    /// one; the host name and validity period still count, chain trust does not (for self-signed AIS certificates).
    /// </summary>
    public JdeCertificatePins PinnedCertificateSha256 { get; set; } = [];

    /// <summary>Retries, timeouts and the circuit breaker (<c>Jde:Resilience</c>).</summary>
    public JdeResilienceOptions Resilience { get; set; } = new();

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
                     ("Jde:ItemBalanceUrl (JDE_ITEM_BALANCE_URL)", ItemBalanceUrl),
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

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"Jde:TimeZone '{TimeZone}' is not a known time zone id (for example Europe/Paris or UTC).";
        }

        if (!string.IsNullOrWhiteSpace(CaCertificatePath) && CaCertificateProblem(CaCertificatePath) is { } caProblem)
        {
            yield return $"Jde:CaCertificatePath {caProblem}";
        }

        var pins = JdeServerCertificateValidator.SplitPins(PinnedCertificateSha256).ToList();
        for (var i = 0; i < pins.Count; i++)
        {
            if (!JdeServerCertificateValidator.TryParsePin(pins[i], out _))
            {
                yield return $"Jde:PinnedCertificateSha256: entry {i + 1} is not a SHA-256 fingerprint (64 hex digits, colons or spaces allowed).";
            }
        }

        foreach (var problem in Resilience.Validate())
        {
            yield return problem;
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

    // The file's contents are never echoed: a wrong path could point at a key or a secrets file.
    private static string? CaCertificateProblem(string path)
    {
        if (!File.Exists(path))
        {
            return $"names a file that does not exist: {path}.";
        }

        try
        {
            var certificates = JdeServerCertificateValidator.LoadCertificates(path);
            var count = certificates.Count;
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }

            return count == 0 ? $"({path}) holds no PEM or DER certificate." : null;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return $"({path}) could not be read as PEM or DER certificates ({ex.GetType().Name}).";
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}

/// <summary>
/// The pins of <see cref="JdeOptions.PinnedCertificateSha256"/>. Binds from an array (<c>Jde:PinnedCertificateSha256:0</c>)
/// or from one string, which environment variables and command lines give; an entry may hold several, comma-separated.
/// </summary>
[TypeConverter(typeof(JdeCertificatePinsConverter))]
public sealed class JdeCertificatePins : List<string>
{
    public JdeCertificatePins()
    {
    }

    public JdeCertificatePins(IEnumerable<string> pins)
        : base(pins)
    {
    }
}

/// <summary>Lets configuration binding turn a single string into <see cref="JdeCertificatePins"/>.</summary>
public sealed class JdeCertificatePinsConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? new JdeCertificatePins([text]) : base.ConvertFrom(context, culture, value);
}
