using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.Logging;

namespace BakeryOps.Tests.Infrastructure.Jde.Client;

/// <summary>Certificates made once per class: a private CA, an unrelated CA, and a directory for their PEM files.</summary>
public sealed class JdeTlsCertificates : IDisposable
{
    public JdeTlsCertificates()
    {
        Directory.CreateDirectory(DirectoryPath);
        CaFile = TestCertificates.WritePem(DirectoryPath, "private-ca.pem", PrivateCa);
        OtherCaFile = TestCertificates.WritePem(DirectoryPath, "other-ca.pem", OtherCa);
    }

    public string DirectoryPath { get; } = Path.Combine(Path.GetTempPath(), $"bakeryops-jde-tls-{Guid.NewGuid():N}");
    public X509Certificate2 PrivateCa { get; } = TestCertificates.CreateRootCa("BakeryOps Test Root");
    public X509Certificate2 OtherCa { get; } = TestCertificates.CreateRootCa("Unrelated Root");
    public string CaFile { get; }
    public string OtherCaFile { get; }

    public void Dispose()
    {
        PrivateCa.Dispose();
        OtherCa.Dispose();
        Directory.Delete(DirectoryPath, recursive: true);
    }
}

/// <summary>
/// The AIS client against the standalone simulator over real HTTPS: a private CA is trusted only through
/// Jde:CaCertificatePath, a self-signed certificate only through a pin, and name and expiry checks stay on.
/// </summary>
public sealed class JdeTlsTests(JdeTlsCertificates certificates) : IClassFixture<JdeTlsCertificates>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task GetCardex_WhenThePrivateCaIsNotConfigured_ThenRefusedWithACertificateError()
    {
        using var leaf = TestCertificates.CreateServer(certificates.PrivateCa);
        await using var host = await StartAsync(leaf);

        var error = await RefusedAsync(host, new JdeOptions());

        error.Message.Should().Contain("certificate").And.Contain("Jde:CaCertificatePath");
        error.OutcomeUnknown.Should().BeFalse();
    }

    [Fact]
    public async Task GetCardex_WhenCaCertificatePathHoldsThePrivateCa_ThenTheReadWorks()
    {
        using var leaf = TestCertificates.CreateServer(certificates.PrivateCa);
        await using var host = await StartAsync(leaf);
        var (client, dispose) = Create(host, new JdeOptions { CaCertificatePath = certificates.CaFile });
        using var _ = dispose;

        var page = await client.GetCardexAsync("1110", Today.AddDays(-30));

        page.Rows.Should().NotBeEmpty();
    }

    [Fact]
    public async Task GetCardex_WhenCaCertificatePathHoldsAnotherCa_ThenRefused()
    {
        using var leaf = TestCertificates.CreateServer(certificates.PrivateCa);
        await using var host = await StartAsync(leaf);

        var error = await RefusedAsync(host, new JdeOptions { CaCertificatePath = certificates.OtherCaFile });

        error.Message.Should().Contain("certificate").And.Contain("does not chain to a certificate in Jde:CaCertificatePath");
    }

    [Fact]
    public async Task GetCardex_WhenTheCertificateIsForAnotherHostName_ThenRefusedEvenWithTheRightCa()
    {
        using var leaf = TestCertificates.CreateServer(certificates.PrivateCa, hosts: ["ais.example.com"]);
        await using var host = await StartAsync(leaf);

        var error = await RefusedAsync(host, new JdeOptions { CaCertificatePath = certificates.CaFile });

        error.Message.Should().Contain("certificate").And.Contain("not issued for the host name");
    }

    [Fact]
    public async Task GetCardex_WhenTheCertificateHasExpired_ThenRefusedEvenWithTheRightCa()
    {
        using var leaf = TestCertificates.CreateServer(
            certificates.PrivateCa, notBefore: DateTimeOffset.UtcNow.AddDays(-20), notAfter: DateTimeOffset.UtcNow.AddDays(-2));
        await using var host = await StartAsync(leaf);

        var error = await RefusedAsync(host, new JdeOptions { CaCertificatePath = certificates.CaFile });

        error.Message.Should().Contain("certificate").And.Contain("NotTimeValid");
    }

    [Fact]
    public async Task GetCardex_WhenTheSelfSignedCertificateIsNotConfigured_ThenRefused()
    {
        using var leaf = TestCertificates.CreateSelfSignedServer();
        await using var host = await StartAsync(leaf);

        var error = await RefusedAsync(host, new JdeOptions());

        error.Message.Should().Contain("certificate");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetCardex_WhenTheSelfSignedCertificateIsPinned_ThenTheReadWorks(bool lowerCaseWithSpaces)
    {
        using var leaf = TestCertificates.CreateSelfSignedServer();
        await using var host = await StartAsync(leaf);
        var pin = JdeServerCertificateValidator.Fingerprint(leaf);
        pin = lowerCaseWithSpaces ? pin.Replace(':', ' ').ToLowerInvariant() : pin;
        var (client, dispose) = Create(host, new JdeOptions { PinnedCertificateSha256 = [Fingerprint(TestCertificates.CreateSelfSignedServer()), pin] });
        using var _ = dispose;

        var page = await client.GetCardexAsync("1110", Today.AddDays(-30));

        page.Rows.Should().NotBeEmpty();
    }

    [Fact]
    public async Task GetCardex_WhenThePinDoesNotMatch_ThenRefused()
    {
        using var leaf = TestCertificates.CreateSelfSignedServer();
        using var other = TestCertificates.CreateSelfSignedServer();
        await using var host = await StartAsync(leaf);

        var error = await RefusedAsync(host, new JdeOptions { PinnedCertificateSha256 = [JdeServerCertificateValidator.Fingerprint(other)] });

        error.Message.Should().Contain("certificate").And.Contain("matches no Jde:PinnedCertificateSha256 entry");
    }

    [Fact]
    public async Task GetCardex_WhenThePinnedCertificateHasExpired_ThenRefused()
    {
        using var leaf = TestCertificates.CreateSelfSignedServer(DateTimeOffset.UtcNow.AddDays(-20), DateTimeOffset.UtcNow.AddDays(-2));
        await using var host = await StartAsync(leaf);

        var error = await RefusedAsync(host, new JdeOptions { PinnedCertificateSha256 = [JdeServerCertificateValidator.Fingerprint(leaf)] });

        error.Message.Should().Contain("certificate").And.Contain("valid from");
    }

    [Fact]
    public async Task GetCardex_WhenThePinnedCertificateIsForAnotherHostName_ThenRefused()
    {
        using var leaf = TestCertificates.CreateServer(certificates.PrivateCa, hosts: ["ais.example.com"]);
        await using var host = await StartAsync(leaf);

        var error = await RefusedAsync(host, new JdeOptions { PinnedCertificateSha256 = [JdeServerCertificateValidator.Fingerprint(leaf)] });

        error.Message.Should().Contain("not issued for the host name");
    }

    [Fact]
    public async Task GetCardex_WhenPinnedAndTheCaFileIsAnotherCa_ThenRefusedBecauseBothMustHold()
    {
        using var leaf = TestCertificates.CreateServer(certificates.PrivateCa);
        await using var host = await StartAsync(leaf);

        var error = await RefusedAsync(host, new JdeOptions
        {
            CaCertificatePath = certificates.OtherCaFile,
            PinnedCertificateSha256 = [JdeServerCertificateValidator.Fingerprint(leaf)],
        });

        error.Message.Should().Contain("Jde:CaCertificatePath");
    }

    [Fact]
    public async Task PostAdjustment_WhenTheCertificateIsRefused_ThenTheOutcomeIsKnownNotToHaveHappened()
    {
        using var leaf = TestCertificates.CreateServer(certificates.PrivateCa);
        await using var host = await StartAsync(leaf);
        var (client, dispose) = Create(host, new JdeOptions());
        using var _ = dispose;
        var explanation = $"TLS:{Guid.NewGuid():N}"[..20];

        var post = () => client.PostAdjustmentAsync(new JdeAdjustmentPosting(
            "1110", "IA", explanation, Today, Today, [new JdeAdjustmentPostingLine("B_FLOUR_T55", 1m, "KG")]));

        var error = (await post.Should().ThrowAsync<JdeException>()).Which;
        error.Message.Should().Contain("certificate");
        error.OutcomeUnknown.Should().BeFalse();
        host.State.FindPostingsByExplanation(explanation).Should().BeEmpty();
    }

    [Fact]
    public void Validate_WhenACertificateIsRefused_ThenTheLogNamesSubjectFingerprintAndPolicyErrors()
    {
        using var leaf = TestCertificates.CreateSelfSignedServer();
        var logger = new ListLogger<JdeServerCertificateValidator>();
        var validator = JdeServerCertificateValidator.Create(new JdeOptions { CaCertificatePath = certificates.CaFile }, logger);

        var accepted = validator.Validate(new object(), leaf, null, SslPolicyErrors.RemoteCertificateChainErrors);

        accepted.Should().BeFalse();
        logger.Messages.Should().ContainSingle().Which.Should()
            .Contain(leaf.Subject).And.Contain(JdeServerCertificateValidator.Fingerprint(leaf)).And.Contain(leaf.Thumbprint)
            .And.Contain(nameof(SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void Validate_WhenNothingIsConfigured_ThenTheOperatingSystemsVerdictStands()
    {
        using var leaf = TestCertificates.CreateSelfSignedServer();
        var validator = JdeServerCertificateValidator.Create(new JdeOptions(), new ListLogger<JdeServerCertificateValidator>());

        validator.IsCustom.Should().BeFalse();
        validator.Validate(new object(), leaf, null, SslPolicyErrors.None).Should().BeTrue();
        validator.Validate(new object(), leaf, null, SslPolicyErrors.RemoteCertificateChainErrors).Should().BeFalse();
        validator.Validate(new object(), leaf, null, SslPolicyErrors.RemoteCertificateNameMismatch).Should().BeFalse();
    }

    private static string Fingerprint(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return JdeServerCertificateValidator.Fingerprint(certificate);
        }
    }

    private static Task<JdeSimulatorHost> StartAsync(X509Certificate2 certificate) =>
        JdeSimulatorHost.StartAsync(new JdeSimulatorHostOptions { Certificate = certificate });

    private static async Task<JdeException> RefusedAsync(JdeSimulatorHost host, JdeOptions options)
    {
        var (client, dispose) = Create(host, options);
        using var _ = dispose;

        var read = () => client.GetCardexAsync("1110", Today);

        var error = (await read.Should().ThrowAsync<JdeException>()).Which;
        error.GetBaseException().Should().BeOfType<AuthenticationException>();
        // A refused certificate is not retried like a network error.
        error.Transient.Should().BeFalse();
        return error;
    }

    /// <summary>The client with the handlers the portal registers: the validator's primary handler and its failure handler.</summary>
    private static (JdeAisClient Client, IDisposable Dispose) Create(JdeSimulatorHost host, JdeOptions options)
    {
        var validator = JdeServerCertificateValidator.Create(options, new ListLogger<JdeServerCertificateValidator>());
        var handler = validator.CreateFailureHandler();
        handler.InnerHandler = validator.CreatePrimaryHandler();
        var http = new HttpClient(handler);
        var settings = new JdeClientSettings
        {
            BaseUri = host.BaseUri,
            UserName = host.Account.UserName,
            Password = host.Account.Password,
            DeviceName = "tls-tests",
            ReadTimeout = TimeSpan.FromSeconds(30),
            PostTimeout = TimeSpan.FromSeconds(30),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        };
        var client = new JdeAisClient(http, settings, TimeProvider.System, new ListLogger<JdeAisClient>());
        return (client, new Disposables(client, http));
    }

    private sealed class Disposables(params IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item.Dispose();
            }
        }
    }
}

/// <summary>One line of a <see cref="ListLogger{T}"/>.</summary>
public sealed record LoggedEntry(LogLevel Level, string Message, Exception? Exception);

/// <summary>Keeps formatted log messages with their level and exception, to check what is (and is not) logged.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<LoggedEntry> _entries = [];

    public IReadOnlyList<LoggedEntry> Entries
    {
        get { lock (_entries) { return [.. _entries]; } }
    }

    public IReadOnlyList<string> Messages => [.. Entries.Select(e => e.Message)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add(new LoggedEntry(logLevel, formatter(state, exception), exception));
        }
    }
}
