using System.Security.Cryptography;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.Configuration;

namespace BakeryOps.Tests.Infrastructure.Jde.Client;

/// <summary>Jde:CaCertificatePath and Jde:PinnedCertificateSha256 are checked at start, each error naming its key.</summary>
public sealed class JdeTlsOptionsTests : IDisposable
{
    private const string ValidPin = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"bakeryops-jde-tls-options-{Guid.NewGuid():N}");

    public JdeTlsOptionsTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public void Validate_WhenTheCaFileDoesNotExist_ThenNamesTheKey()
    {
        var options = new JdeOptions { CaCertificatePath = Path.Combine(_directory, "missing.pem") };

        options.Validate().Should().ContainSingle().Which.Should().StartWith("Jde:CaCertificatePath").And.Contain("does not exist");
    }

    [Theory]
    [InlineData("not a certificate: secret-token-1234")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXRva2VuLTEyMzQ=\n-----END PRIVATE KEY-----\n")]
    public void Validate_WhenTheCaFileHoldsNoCertificate_ThenNamesTheKeyWithoutEchoingTheFile(string contents)
    {
        var path = Path.Combine(_directory, "not-a-ca.pem");
        File.WriteAllText(path, contents);

        var error = new JdeOptions { CaCertificatePath = path }.Validate().Should().ContainSingle().Which;

        error.Should().StartWith("Jde:CaCertificatePath").And.NotContain("secret-token-1234").And.NotContain("c2VjcmV0");
    }

    [Fact]
    public void Validate_WhenTheCaFileIsPemWithSeveralCertificatesOrDer_ThenAccepted()
    {
        using var root = TestCertificates.CreateRootCa("Root");
        using var other = TestCertificates.CreateRootCa("Other");
        var pem = TestCertificates.WritePem(_directory, "bundle.pem", root, other);
        var der = Path.Combine(_directory, "root.cer");
        File.WriteAllBytes(der, root.RawData);

        new JdeOptions { CaCertificatePath = pem }.Validate().Should().BeEmpty();
        new JdeOptions { CaCertificatePath = der }.Validate().Should().BeEmpty();
        JdeServerCertificateValidator.LoadCertificates(pem).Should().HaveCount(2);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67")]
    [InlineData("ZZ:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89")]
    [InlineData("sha256/q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k=")]
    public void Validate_WhenAPinIsMalformed_ThenNamesTheKey(string pin)
    {
        var options = new JdeOptions { PinnedCertificateSha256 = [ValidPin, pin] };

        options.Validate().Should().ContainSingle().Which.Should().StartWith("Jde:PinnedCertificateSha256").And.Contain("entry 2");
    }

    [Theory]
    [InlineData(ValidPin)]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    [InlineData("ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89")]
    public void Validate_WhenPinsAreHexWithOrWithoutSeparators_ThenAccepted(string pin)
    {
        new JdeOptions { PinnedCertificateSha256 = [pin] }.Validate().Should().BeEmpty();
        JdeServerCertificateValidator.TryParsePin(pin, out var bytes).Should().BeTrue();
        bytes.Should().Equal(Convert.FromHexString("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789"));
    }

    [Fact]
    public void Bind_WhenPinsAreOneCommaSeparatedString_ThenEachIsAPin()
    {
        var options = Bind(new() { ["Jde:PinnedCertificateSha256"] = $"{ValidPin}, {new string('0', 64)}" });

        JdeServerCertificateValidator.SplitPins(options.PinnedCertificateSha256).Should().Equal(ValidPin, new string('0', 64));
        options.Validate().Should().BeEmpty();
    }

    [Fact]
    public void Bind_WhenPinsAreAnArray_ThenEachIsAPin()
    {
        var options = Bind(new()
        {
            ["Jde:PinnedCertificateSha256:0"] = ValidPin,
            ["Jde:PinnedCertificateSha256:1"] = "not-a-pin",
        });

        JdeServerCertificateValidator.SplitPins(options.PinnedCertificateSha256).Should().Equal(ValidPin, "not-a-pin");
        options.Validate().Should().ContainSingle().Which.Should().StartWith("Jde:PinnedCertificateSha256");
    }

    [Fact]
    public void Fingerprint_WhenTaken_ThenTheUpperCaseColonHexOfTheWholeCertificatesSha256()
    {
        using var leaf = TestCertificates.CreateSelfSignedServer();
        var fingerprint = JdeServerCertificateValidator.Fingerprint(leaf);

        fingerprint.Should().MatchRegex("^([0-9A-F]{2}:){31}[0-9A-F]{2}$");
        Convert.FromHexString(fingerprint.Replace(":", "", StringComparison.Ordinal)).Should().Equal(SHA256.HashData(leaf.RawData));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static JdeOptions Bind(Dictionary<string, string?> values)
    {
        var options = new JdeOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(JdeOptions.SectionName).Bind(options);
        return options;
    }
}
