using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;

namespace BakeryOps.Infrastructure.Jde.Client;

/// <summary>
/// Decides whether the AIS server's TLS certificate is trusted, from <see cref="JdeOptions.CaCertificatePath"/> and
/// <see cref="JdeOptions.PinnedCertificateSha256"/>. Nothing here switches a check off:
/// <list type="bullet">
/// <item>Neither set: the operating system's validation, unchanged (the callback only logs its refusals).</item>
/// <item>CA file: the chain must end at one of the file's certificates and nowhere else (custom root trust); the host
/// name, validity period and server-auth usage still count.</item>
/// <item>Pins: the leaf certificate's SHA-256 fingerprint (of the whole DER certificate, as <c>keytool -list -v</c>,
/// <c>openssl x509 -fingerprint -sha256</c> and browsers show it) must match one; the host name and the leaf's validity
/// period still count, chain trust is not required. With a CA file as well, both must hold.</item>
/// </list>
/// </summary>
public sealed partial class JdeServerCertificateValidator
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    private readonly X509Certificate2Collection _roots;
    private readonly IReadOnlyList<byte[]> _pins;
    private readonly ILogger<JdeServerCertificateValidator> _logger;
    private readonly TimeProvider _clock;

    // Why the last certificate of each host was refused: SslStream's own exception only says "rejected by the callback".
    private readonly ConcurrentDictionary<string, string> _refusals = new(StringComparer.OrdinalIgnoreCase);

    public JdeServerCertificateValidator(
        X509Certificate2Collection? trustedRoots, IEnumerable<byte[]>? pins, ILogger<JdeServerCertificateValidator> logger, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _roots = trustedRoots ?? [];
        _pins = pins?.ToList() ?? [];
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
        if (_pins.Any(p => p.Length != SHA256.HashSizeInBytes))
        {
            throw new ArgumentException("A pin is a SHA-256 hash of 32 bytes.", nameof(pins));
        }
    }

    /// <summary>The validator the options describe; the options are assumed valid (checked at start).</summary>
    public static JdeServerCertificateValidator Create(JdeOptions options, ILogger<JdeServerCertificateValidator> logger, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var roots = string.IsNullOrWhiteSpace(options.CaCertificatePath) ? null : LoadCertificates(options.CaCertificatePath);
        var pins = new List<byte[]>();
        foreach (var text in SplitPins(options.PinnedCertificateSha256))
        {
            pins.Add(TryParsePin(text, out var pin) ? pin : throw new InvalidOperationException("Jde:PinnedCertificateSha256 holds a value that is not a SHA-256 fingerprint."));
        }

        return new JdeServerCertificateValidator(roots, pins, logger, clock);
    }

    /// <summary>Whether anything replaces the operating system's trust decision.</summary>
    public bool IsCustom => _roots.Count > 0 || _pins.Count > 0;

    /// <summary>For <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/>.</summary>
    public RemoteCertificateValidationCallback Callback => Validate;

    /// <summary>The primary handler of the AIS client, with this validator in its TLS options.</summary>
    public SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Callback },
    };

    /// <summary>
    /// A handler that says a TLS failure was the certificate (and why, from this validator) rather than the
    /// generic "SSL connection could not be established"; the error kind stays <see cref="HttpRequestError.SecureConnectionError"/>.
    /// </summary>
    public DelegatingHandler CreateFailureHandler() => new CertificateFailureHandler(this);

    /// <summary>The SHA-256 fingerprint of a certificate in the form pins are written in (upper-case hex, colon-separated).</summary>
    public static string Fingerprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return string.Join(':', Convert.ToHexString(SHA256.HashData(certificate.RawData)).Chunk(2).Select(pair => new string(pair)));
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var host = (sender as SslStream)?.TargetHostName ?? "";
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return Refuse(host, null, errors, "the server presented no certificate");
        }

        using var owned = certificate is X509Certificate2 ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var leaf = owned ?? (X509Certificate2)certificate;
        if (!IsCustom)
        {
            return errors == SslPolicyErrors.None
                || Refuse(host, leaf, errors, $"not trusted by the operating system ({Statuses(chain)}); trust its CA with Jde:CaCertificatePath or pin it with Jde:PinnedCertificateSha256");
        }

        // Name checking is SslStream's own; a private CA or a pin vouches for the key, not for the name.
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return Refuse(host, leaf, errors, "it is not issued for the host name");
        }

        if (_pins.Count > 0)
        {
            // NotBefore and NotAfter are local times.
            var now = _clock.GetLocalNow().DateTime;
            if (now < leaf.NotBefore || now > leaf.NotAfter)
            {
                return Refuse(host, leaf, errors, $"it is valid from {leaf.NotBefore:u} to {leaf.NotAfter:u} only");
            }

            var fingerprint = SHA256.HashData(leaf.RawData);
            if (!_pins.Any(pin => CryptographicOperations.FixedTimeEquals(pin, fingerprint)))
            {
                return Refuse(host, leaf, errors, "its SHA-256 fingerprint matches no Jde:PinnedCertificateSha256 entry");
            }
        }

        if (_roots.Count > 0 && BuildCustomChain(leaf, chain) is { } chainProblem)
        {
            return Refuse(host, leaf, errors, $"it does not chain to a certificate in Jde:CaCertificatePath ({chainProblem})");
        }

        _refusals.TryRemove(host, out _);
        return true;
    }

    /// <summary>The certificates of a PEM file (one or more) or a DER file (one or more, concatenated).</summary>
    /// <exception cref="CryptographicException">The file holds something that is not a certificate.</exception>
    public static X509Certificate2Collection LoadCertificates(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var certificates = new X509Certificate2Collection();
        var text = Encoding.ASCII.GetString(bytes);
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            certificates.ImportFromPem(text);
            return certificates;
        }

        var rest = bytes.AsMemory();
        try
        {
            while (!rest.IsEmpty)
            {
                AsnDecoder.ReadEncodedValue(rest.Span, AsnEncodingRules.DER, out _, out _, out var consumed);
                certificates.Add(X509CertificateLoader.LoadCertificate(rest.Span[..consumed]));
                rest = rest[consumed..];
            }
        }
        catch (AsnContentException ex)
        {
            throw new CryptographicException("The file is neither PEM nor DER.", ex);
        }

        return certificates;
    }

    /// <summary>The pins of the option: every entry, each possibly a comma-separated list, without empty ones.</summary>
    public static IEnumerable<string> SplitPins(IEnumerable<string>? entries) =>
        (entries ?? []).SelectMany(e => e.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Reads 64 hex digits, case-insensitive, with any colons and spaces between them.</summary>
    public static bool TryParsePin(string text, out byte[] pin)
    {
        var hex = new string([.. text.Where(c => c is not (':' or ' '))]);
        pin = [];
        if (hex.Length != SHA256.HashSizeInBytes * 2 || !hex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        pin = Convert.FromHexString(hex);
        return true;
    }

    /// <summary>Why this validator last refused the host's certificate, if it did.</summary>
    public string? LastRefusal(string host) => _refusals.TryGetValue(host, out var reason) ? reason : null;

    // Null when the chain ends at one of our roots; otherwise the chain's complaints.
    private string? BuildCustomChain(X509Certificate2 leaf, X509Chain? presented)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(_roots);
        // Intermediates may come from the file or from the server; only the file's certificates are anchors.
        policy.ExtraStore.AddRange(_roots);
        if (presented is not null)
        {
            policy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            policy.RevocationMode = presented.ChainPolicy.RevocationMode;
            policy.RevocationFlag = presented.ChainPolicy.RevocationFlag;
        }
        else
        {
            policy.RevocationMode = X509RevocationMode.NoCheck;
        }

        // A private CA's AIA addresses are rarely reachable from here, and a download would stall the handshake.
        policy.DisableCertificateDownloads = true;
        policy.ApplicationPolicy.Add(ServerAuthentication);
        try
        {
            return chain.Build(leaf) ? null : Statuses(chain);
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }

    private static string Statuses(X509Chain? chain) =>
        chain is null || chain.ChainStatus.Length == 0
            ? "no chain status"
            : string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct());

    private bool Refuse(string host, X509Certificate2? leaf, SslPolicyErrors errors, string reason)
    {
        _refusals[host] = reason;
        LogRefused(host, reason, leaf?.Subject ?? "(none)", leaf?.Issuer ?? "(none)", leaf is null ? "(none)" : Fingerprint(leaf), leaf?.Thumbprint ?? "(none)", errors);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Refused the TLS certificate of JD Edwards at {Host}: {Reason}. Subject {Subject}, issuer {Issuer}, SHA-256 {Sha256}, thumbprint {Thumbprint}, policy errors {PolicyErrors}")]
    private partial void LogRefused(string host, string reason, string subject, string issuer, string sha256, string thumbprint, SslPolicyErrors policyErrors);

    private sealed class CertificateFailureHandler(JdeServerCertificateValidator validator) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex) when (ex is { HttpRequestError: HttpRequestError.SecureConnectionError, InnerException: AuthenticationException auth }
                                                  && Reason(request, auth) is { } reason)
            {
                throw new JdeCertificateRefusedException($"The TLS certificate of {request.RequestUri?.IdnHost} was refused: {reason}.", ex);
            }
        }

        // Null for TLS failures that are not about the certificate (no common protocol version or cipher).
        private string? Reason(HttpRequestMessage request, AuthenticationException auth) =>
            validator.LastRefusal(request.RequestUri?.IdnHost ?? "")
            ?? (auth.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase) ? auth.Message.TrimEnd('.') : null);
    }
}

/// <summary>
/// The AIS server's certificate was refused: a verdict, not a network hiccup, so reads do not retry it. Other TLS
/// failures (a handshake cut off by a load balancer) stay plain, transient <see cref="HttpRequestException"/>s.
/// </summary>
public sealed class JdeCertificateRefusedException(string message, Exception innerException)
    : HttpRequestException(HttpRequestError.SecureConnectionError, message, innerException);
