using System.Net;
using BakeryOps.Infrastructure.Persistence;

namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>A portal with "Sign in with Microsoft" pointed at its own <see cref="EntraTestProvider"/>.</summary>
public abstract class EntraPortalFixture : PortalFixture, IDisposable
{
    protected EntraPortalFixture() => Entra = EntraTestProvider.Start();

    public EntraTestProvider Entra { get; }

    protected override IReadOnlyDictionary<string, string?> Settings => Entra.PortalSettings();

    /// <summary>
    /// Walks the sign-in as a browser would, with a client that keeps the portal's cookies: the portal's challenge,
    /// the provider's authorize redirect, the portal's callback, and the completion that issues the portal cookie.
    /// Returns the client (signed in when it worked) and where the portal finally sent it.
    /// </summary>
    public async Task<(HttpClient Client, Uri FinalLocation)> SignInThroughProviderAsync(string returnUrl = "/")
    {
        var portal = CreateClient(cookies: true);
        using var provider = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        var challenge = await portal.GetAsync($"signin/entra?returnUrl={Uri.EscapeDataString(returnUrl)}");
        challenge.StatusCode.Should().Be(HttpStatusCode.Redirect, "the portal sends the browser to the provider");
        var authorize = await provider.GetAsync(challenge.Headers.Location);
        authorize.StatusCode.Should().Be(HttpStatusCode.Redirect, await authorize.Content.ReadAsStringAsync());
        var callback = await portal.GetAsync(authorize.Headers.Location);
        callback.StatusCode.Should().Be(HttpStatusCode.Redirect, await callback.Content.ReadAsStringAsync());
        var location = callback.Headers.Location!;
        if (location.OriginalString.Contains("/signin/entra/complete", StringComparison.Ordinal))
        {
            var complete = await portal.GetAsync(location);
            complete.StatusCode.Should().Be(HttpStatusCode.Redirect);
            location = complete.Headers.Location!;
        }

        return (portal, location);
    }

    public void Dispose()
    {
        Entra.DisposeAsync().AsTask().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteEntraPortalFixture : EntraPortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresEntraPortalFixture : EntraPortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>The portal authenticates to the provider with a certificate (a signed client assertion) instead of the secret.</summary>
public sealed class SqliteEntraCertificatePortalFixture : EntraPortalFixture
{
    private readonly string _pfxPath = Path.Combine(Path.GetTempPath(), $"bakeryops-entra-{Guid.NewGuid():N}.pfx");

    public SqliteEntraCertificatePortalFixture()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=BakeryOps portal test app", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(_pfxPath, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "pfx-password"));
        Entra.ClientCertificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.RawData);
    }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(Entra.PortalSettings())
    {
        ["AzureAd:ClientSecret"] = null,
        ["AzureAd:ClientCertificatePath"] = _pfxPath,
        ["AzureAd:ClientCertificatePassword"] = "pfx-password",
    };
}
