using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Domain.Identity;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.IdentityModel.Tokens;

namespace BakeryOps.Tests.Portal.Identity;

/// <summary>
/// Entra-issued access tokens on the API, beside the portal's own, under the same policies: the audience, issuer
/// (tenant), lifetime and signature are checked against the provider's discovery document and JWKS, and a key
/// rotation is picked up through the metadata refresh.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class EntraBearerTests(SqliteEntraPortalFixture fixture) : IClassFixture<SqliteEntraPortalFixture>
{
    private const string Products = "bakeryops/facilities/default_facility/products";

    private EntraTestProvider Entra => fixture.Entra;

    [Fact]
    public async Task Api_WhenCalledWithAProviderToken_ThenTheMappedRolesApplyUnderThePortalsPolicies()
    {
        var token = Entra.IssueAccessToken();

        var me = await GetAsync("me", token);
        var products = await GetAsync(Products, token);
        var admin = await SendAsync(HttpMethod.Delete, "admin/cleanup-sessions", token);

        me.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await me.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("userName").GetString().Should().Be(Entra.User.UserName);
        body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal(Roles.Planner, Roles.Viewer);
        body.GetProperty("authenticationType").GetString().Should().Be("EntraBearer");
        products.StatusCode.Should().Be(HttpStatusCode.OK, "Planner and Viewer may read");
        admin.StatusCode.Should().Be(HttpStatusCode.Forbidden, "neither role is Admin");
    }

    [Fact]
    public async Task Api_WhenTheTokenCarriesAnUnmappedAppRoleNamedLikeAPortalRole_ThenItGrantsNothing()
    {
        var token = Entra.IssueAccessToken(user: Entra.User with { AppRoles = [Roles.Admin], Groups = [] });

        var me = await (await GetAsync("me", token)).Content.ReadFromJsonAsync<JsonElement>();
        var admin = await SendAsync(HttpMethod.Delete, "admin/cleanup-sessions", token);

        me.GetProperty("roles").EnumerateArray().Should().BeEmpty();
        admin.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Api_WhenTheMappedAppRoleIsAdmin_ThenAdminEndpointsAnswer()
    {
        var token = Entra.IssueAccessToken(user: Entra.User with { AppRoles = ["BakeryOps.Admin"], Groups = [] });

        var admin = await SendAsync(HttpMethod.Delete, "admin/cleanup-sessions", token);

        admin.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Api_WhenEntraIsOn_ThenThePortalsOwnTokensStillWork()
    {
        using var client = fixture.CreateClient();
        var own = await client.GetTokenAsync("admin", PortalFactory.AdminPassword);

        var me = await GetAsync("me", own);

        me.StatusCode.Should().Be(HttpStatusCode.OK);
        (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal(Roles.Admin);
    }

    [Theory]
    [InlineData("another audience")]
    [InlineData("another tenant")]
    [InlineData("another issuer")]
    [InlineData("expired")]
    [InlineData("unsigned")]
    [InlineData("key not in the JWKS")]
    [InlineData("tampered payload")]
    public async Task Api_WhenTheProviderTokenIsNotForThisAppTenantOrKey_ThenUnauthorized(string spoiled)
    {
        var token = spoiled switch
        {
            "another audience" => Entra.IssueAccessToken(d => d.Audience = "api://3c2b1a09-8f7e-4d6c-5b4a-392817160504"),
            "another tenant" => Entra.IssueAccessToken(d =>
            {
                const string other = "9e8d7c6b-5a49-4382-9716-a5b4c3d2e1f0";
                d.Issuer = Entra.IssuerOf(other);
                d.Claims["tid"] = other;
            }),
            "another issuer" => Entra.IssueAccessToken(d => d.Issuer = $"https://login.example.net/{EntraTestProvider.TenantId}/v2.0"),
            "expired" => Entra.IssueAccessToken(d =>
            {
                d.IssuedAt = d.NotBefore = DateTime.UtcNow.AddHours(-2);
                d.Expires = DateTime.UtcNow.AddHours(-1);
            }),
            "unsigned" => Entra.IssueUnsignedAccessToken(),
            "key not in the JWKS" => Entra.IssueAccessToken(key: EntraTestProvider.NewKey()),
            "tampered payload" => Tamper(Entra.IssueAccessToken()),
            _ => throw new ArgumentOutOfRangeException(nameof(spoiled)),
        };

        var me = await GetAsync("me", token);
        var products = await GetAsync(Products, token);

        me.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        products.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await GetAsync("me", Entra.IssueAccessToken())).StatusCode.Should().Be(HttpStatusCode.OK, "a good token still works beside it");
    }

    [Fact]
    public async Task Api_WhenTheProviderRotatesItsSigningKey_ThenTokensOfTheNewKeyAreAcceptedAndOfTheOldOneRefused()
    {
        var before = Entra.IssueAccessToken();
        (await GetAsync("me", before)).StatusCode.Should().Be(HttpStatusCode.OK);
        var jwksRequests = Entra.JwksRequests;

        Entra.RotateKey();
        var after = Entra.IssueAccessToken();

        // The first request with the unknown key asks for a refresh (at most once per AzureAd:RefreshInterval, 1 s
        // here) that runs in the background; the token is accepted once the new JWKS is in.
        var status = HttpStatusCode.Unauthorized;
        var clock = Stopwatch.StartNew();
        while (status != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            status = (await GetAsync("me", after)).StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(250);
            }
        }

        status.Should().Be(HttpStatusCode.OK, "the rotated key is fetched from the JWKS");
        Entra.JwksRequests.Should().BeGreaterThan(jwksRequests);
        (await GetAsync("me", before)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the old key left the JWKS");
    }

    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"Bea Baker\"", "\"Eve Baker\"", StringComparison.Ordinal);
        payload.Should().Contain("Eve Baker");
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }

    private Task<HttpResponseMessage> GetAsync(string path, string token) => SendAsync(HttpMethod.Get, path, token);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token)
    {
        using var client = fixture.CreateClient();
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}
