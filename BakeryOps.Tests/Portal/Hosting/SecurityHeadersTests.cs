using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using BakeryOps.Portal.Hosting;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Portal.Hosting;

/// <summary>
/// The security headers on every kind of response (page, API answer, 404, ProblemDetails), the page's inline import
/// map admitted by the request's nonce, the cookie flags, and HSTS on HTTPS outside Development only.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed partial class SecurityHeadersTests(SqlitePortalFixture fixture) : IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public async Task Page_WhenServed_ThenCarriesTheHeadersAndItsImportMapCarriesTheRequestsNonce()
    {
        using var client = fixture.CreateClient();

        using var first = await client.GetAsync("login");
        using var second = await client.GetAsync("login");
        var html = await first.Content.ReadAsStringAsync();

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var nonce = ShouldCarrySecurityHeaders(first);
        html.Should().Contain($"<script type=\"importmap\" nonce=\"{nonce}\"");
        ScriptNonce(second).Should().NotBe(nonce, "each response has a fresh nonce");
        Regex.Matches(html, "<script(?![^>]*\\ssrc=)(?![^>]*\\snonce=\"" + Regex.Escape(nonce) + "\")[^>]*>").Should().BeEmpty(
            "every inline script needs the nonce to run");
    }

    [Fact]
    public async Task Api_WhenAnswered_ThenCarriesTheHeaders()
    {
        using var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));

        using var response = await client.GetAsync("me");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        ShouldCarrySecurityHeaders(response);
    }

    [Fact]
    public async Task NotFound_WhenAnApiCallerOrABrowserAsks_ThenBothAnswersCarryTheHeaders()
    {
        using var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));
        using var api = new HttpRequestMessage(HttpMethod.Get, "no-such-endpoint");
        api.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var page = new HttpRequestMessage(HttpMethod.Get, "no-such-page");
        page.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using var apiAnswer = await client.SendAsync(api);
        using var pageAnswer = await client.SendAsync(page);

        apiAnswer.StatusCode.Should().Be(HttpStatusCode.NotFound);
        apiAnswer.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        ShouldCarrySecurityHeaders(apiAnswer);
        pageAnswer.StatusCode.Should().Be(HttpStatusCode.NotFound);
        pageAnswer.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var nonce = ShouldCarrySecurityHeaders(pageAnswer);
        (await pageAnswer.Content.ReadAsStringAsync()).Should().Contain($"nonce=\"{nonce}\"", "the re-executed page shares the request's nonce");
    }

    [Fact]
    public async Task ProblemDetails_WhenARequestIsInvalid_ThenCarriesTheHeaders()
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsync("token", new FormUrlEncodedContent([]));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("username", out _).Should().BeTrue();
        ShouldCarrySecurityHeaders(response);
    }

    [Fact]
    public async Task Cookies_WhenSignedInThroughTheForm_ThenAuthAndAntiforgeryCookiesAreHttpOnlyWithSameSite()
    {
        using var client = fixture.CreateClient();

        using var form = await client.GetAsync("login");
        var antiforgery = SetCookie(form, ".AspNetCore.Antiforgery.");
        var html = await form.Content.ReadAsStringAsync();
        using var signIn = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "login")
        {
            Headers = { { "Cookie", antiforgery.Split(';')[0] } },
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = AntiforgeryToken().Match(html).Groups[1].Value,
                ["Input.UserName"] = "admin",
                ["Input.Password"] = PortalFactory.AdminPassword,
            }),
        });
        var auth = SetCookie(signIn, "bakeryops.auth=");

        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        Attributes(antiforgery).Should().Contain(["httponly", "samesite=strict"]);
        Attributes(auth).Should().Contain(["httponly", "samesite=lax"]);
    }

    [Fact]
    public async Task Cookies_WhenThePolicyIsAlways_ThenSecureEvenOnPlainHttp()
    {
        await using var factory = new PortalFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Security:CookieSecurePolicy"] = "Always",
        });
        using var client = factory.CreateHttpClient();

        using var form = await client.GetAsync("login");

        Attributes(SetCookie(form, ".AspNetCore.Antiforgery.")).Should().Contain(["secure", "httponly", "samesite=strict"]);
        new SecurityOptions().CookieSecurePolicy.Should().Be(CookieSecurity.Always, "Always is the default outside the tests");
    }

    [Fact]
    public async Task Hsts_WhenServedOverHttpsOutsideDevelopment_ThenStrictTransportSecurityWithTheConfiguredMaxAge()
    {
        using var certificate = TestCertificates.CreateSelfSignedServer();
        await using var factory = new PortalFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Security:HstsMaxAge"] = "30.00:00:00",
            ["Security:HstsIncludeSubDomains"] = "true",
        }) { ServerCertificate = certificate };
        using var client = HttpsClient(factory, certificate);

        using var response = await client.SendAsync(ForHost("login", "portal.example.test"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("Strict-Transport-Security").Should().Equal("max-age=2592000; includeSubDomains");
        Attributes(SetCookie(response, ".AspNetCore.Antiforgery.")).Should().Contain("secure");
        ShouldCarrySecurityHeaders(response);
    }

    [Fact]
    public async Task Hsts_WhenInDevelopment_ThenNotSent()
    {
        using var certificate = TestCertificates.CreateSelfSignedServer();
        await using var factory = new PortalFactory(new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite" }, environment: "Development")
        {
            ServerCertificate = certificate,
        };
        using var client = HttpsClient(factory, certificate);

        using var response = await client.SendAsync(ForHost("login", "portal.example.test"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("Strict-Transport-Security").Should().BeFalse();
        ShouldCarrySecurityHeaders(response);
    }

    /// <summary>Asserts the headers and returns the policy's script nonce.</summary>
    private static string ShouldCarrySecurityHeaders(HttpResponseMessage response)
    {
        var policy = string.Join(", ", response.Headers.GetValues("Content-Security-Policy"));
        var directives = policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        directives.Should().Contain(["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"]);
        var scripts = directives.Should().ContainSingle(d => d.StartsWith("script-src ")).Subject;
        scripts.Should().NotContain("unsafe-eval").And.NotContain("unsafe-inline");
        policy.Should().NotContain("unsafe-eval");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.GetValues("Referrer-Policy").Should().Equal("same-origin");
        response.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
        return ScriptNonce(response);
    }

    private static string ScriptNonce(HttpResponseMessage response)
    {
        var match = Regex.Match(string.Join(", ", response.Headers.GetValues("Content-Security-Policy")), "script-src 'self' 'nonce-([A-Za-z0-9_-]{24})'");
        match.Success.Should().BeTrue("the script policy carries a nonce");
        return match.Groups[1].Value;
    }

    private static string SetCookie(HttpResponseMessage response, string prefix) =>
        response.Headers.GetValues("Set-Cookie").Should().ContainSingle(c => c.StartsWith(prefix, StringComparison.Ordinal)).Subject;

    private static IEnumerable<string> Attributes(string setCookie) =>
        setCookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant());

    // HSTS is never sent for localhost or 127.0.0.1; a real host name in the Host header stands for a deployment.
    private static HttpRequestMessage ForHost(string path, string host) => new(HttpMethod.Get, path) { Headers = { Host = host } };

    private static HttpClient HttpsClient(PortalFactory factory, X509Certificate2 certificate) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString() },
    })
    {
        BaseAddress = factory.BaseAddress,
    };

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
