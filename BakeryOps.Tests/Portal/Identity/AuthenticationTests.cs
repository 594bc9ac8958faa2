using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using BakeryOps.Domain.Identity;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BakeryOps.Tests.Portal.Identity;

/// <summary>/token, bearer and cookie sign-in against the running portal, on both providers.</summary>
public abstract class AuthenticationTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private const string AdminPassword = PortalFactory.AdminPassword;

    [Fact]
    public async Task Token_WhenFormCredentialsAreValid_ThenReturnsABearerJwtThatOpensAProtectedEndpoint()
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsync("token", Form("admin", AdminPassword));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("access_token").GetString()!;
        client.WithBearer(token);
        var me = await client.GetFromJsonAsync<JsonElement>("me");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("token_type").GetString().Should().Be("bearer");
        body.GetProperty("expires_in").GetInt32().Should().Be(3600);
        var jwt = new JsonWebToken(token);
        jwt.Issuer.Should().Be("bakeryops");
        jwt.Audiences.Should().Equal("bakeryops-api");
        jwt.ValidTo.Should().BeCloseTo(DateTime.UtcNow.AddHours(1), TimeSpan.FromMinutes(1));
        jwt.GetClaim("name").Value.Should().Be("admin");
        jwt.Claims.Where(c => c.Type == "role").Select(c => c.Value).Should().Equal(Roles.Admin);
        me.GetProperty("userName").GetString().Should().Be("admin");
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal(Roles.Admin);
    }

    [Fact]
    public async Task Token_WhenCredentialsAreJson_ThenReturnsAToken()
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsJsonAsync("token", new { username = "admin", password = AdminPassword });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString().Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("admin", "wrong-password-123")]
    [InlineData("nobody-by-that-name", "whatever-password")]
    public async Task Token_WhenCredentialsAreWrong_Then401ProblemDetails(string userName, string password)
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsync("token", Form(userName, password));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().Should().Be(401);
        problem.GetProperty("detail").GetString().Should().Be("Invalid user name or password.");
    }

    [Fact]
    public async Task Token_WhenFieldsAreMissing_Then400NamingEachField()
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsync("token", new FormUrlEncodedContent([]));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("username", out _).Should().BeTrue();
        errors.TryGetProperty("password", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Token_WhenJsonIsMalformed_Then400()
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsync("token", new StringContent("{\"username\": ", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Token_WhenTheBodyIsPlainText_Then415()
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsync("token", new StringContent("admin:secret", Encoding.UTF8, "text/plain"));

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Bearer_WhenTheTokenHasExpired_Then401()
    {
        var expired = SignToken(DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1), PortalFactory.SigningKey);
        using var client = fixture.CreateClient().WithBearer(expired);

        using var response = await client.GetAsync("me");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bearer_WhenTheTokenIsSignedWithAnotherKey_Then401()
    {
        var forged = SignToken(DateTime.UtcNow, DateTime.UtcNow.AddHours(1), "another-signing-key-that-is-long-enough-for-hs256-xyz");
        using var client = fixture.CreateClient().WithBearer(forged);

        using var response = await client.GetAsync("me");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bearer_WhenThePayloadWasTampered_Then401()
    {
        using var client = fixture.CreateClient();
        var token = await client.GetTokenAsync("admin", AdminPassword);
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"admin\"", "\"root\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        client.WithBearer(tampered);

        using var response = await client.GetAsync("me");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bearer_WhenTheRoleIsMissing_Then403AndWithTheRole200()
    {
        var viewer = $"viewer-{Guid.NewGuid():N}";
        await fixture.CreateUserAsync(viewer, "Viewer-Passw0rd!", Roles.Viewer);
        using var viewerClient = fixture.CreateClient();
        viewerClient.WithBearer(await viewerClient.GetTokenAsync(viewer, "Viewer-Passw0rd!"));
        using var adminClient = fixture.CreateClient();
        adminClient.WithBearer(await adminClient.GetTokenAsync("admin", AdminPassword));

        using var forbidden = await viewerClient.DeleteAsync("admin/cleanup-sessions");
        using var allowed = await adminClient.DeleteAsync("admin/cleanup-sessions");

        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        forbidden.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        allowed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await allowed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deleted").GetInt32().Should().BeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task Page_WhenAnonymous_ThenRedirectsToTheLoginPage()
    {
        using var client = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.PathAndQuery.Should().Be("/login?ReturnUrl=%2F");
    }

    [Fact]
    public async Task LoginForm_WhenCredentialsAreValid_ThenTheCookieOpensTheApiAndLogoutNeedsTheAntiforgeryToken()
    {
        using var client = fixture.CreateClient(cookies: true);

        using var signIn = await SubmitLoginAsync(client, "admin", AdminPassword);
        var me = await client.GetFromJsonAsync<JsonElement>("me");
        using var logoutWithoutToken = await client.PostAsync("logout", new FormUrlEncodedContent([]));

        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        new Uri(client.BaseAddress!, signIn.Headers.Location!).AbsolutePath.Should().Be("/");
        me.GetProperty("authenticationType").GetString().Should().Be("Identity.Application");
        logoutWithoutToken.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task LoginForm_WhenTheUserNameHoldsAControlCharacter_ThenTheFormSaysSoAndSetsNoCookie()
    {
        using var client = fixture.CreateClient(cookies: true);

        using var response = await SubmitLoginAsync(client, "ad\u0001min", AdminPassword);

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        response.StatusCode.Should().Be(HttpStatusCode.OK, page);
        page.Should().Contain("The text holds the control character U+0001 at position 3");
        response.Headers.Contains("Set-Cookie").Should().BeFalse();
    }

    [Fact]
    public async Task LoginForm_WhenTheUserNameHoldsANul_ThenBadRequestAndNoCookie()
    {
        using var client = fixture.CreateClient(cookies: true);

        // ASP.NET Core's form reader refuses a NUL before the page sees its form.
        using var response = await SubmitLoginAsync(client, "ad\0min", AdminPassword);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Headers.Contains("Set-Cookie").Should().BeFalse();
    }

    [Fact]
    public async Task LoginForm_WhenThePasswordIsWrong_ThenShowsAnErrorAndSetsNoCookie()
    {
        using var client = fixture.CreateClient(cookies: true);

        using var response = await SubmitLoginAsync(client, "admin", "not-the-password");
        var html = await response.Content.ReadAsStringAsync();
        using var me = await client.GetAsync("me");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("Invalid user name or password.");
        me.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static async Task<HttpResponseMessage> SubmitLoginAsync(HttpClient client, string userName, string password)
    {
        var page = await client.GetStringAsync("login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        token.Should().NotBeEmpty("the login form carries an antiforgery token");
        return await client.PostAsync("login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }

    private static FormUrlEncodedContent Form(string userName, string password) => new(new Dictionary<string, string>
    {
        ["username"] = userName,
        ["password"] = password,
    });

    private static string SignToken(DateTime notBefore, DateTime expires, string key) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "bakeryops",
        Audience = "bakeryops-api",
        Subject = new ClaimsIdentity([new Claim("sub", "x"), new Claim("name", "admin"), new Claim("role", Roles.Admin)]),
        IssuedAt = notBefore,
        NotBefore = notBefore,
        Expires = expires,
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
    });
}

[Trait("Category", "Sqlite")]
public sealed class SqliteAuthenticationTests(SqlitePortalFixture fixture)
    : AuthenticationTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresAuthenticationTests(PostgresPortalFixture fixture)
    : AuthenticationTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
