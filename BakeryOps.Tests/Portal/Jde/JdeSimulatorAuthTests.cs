using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Portal.Jde;

/// <summary>The simulator's AIS login surface over real HTTP, served by the portal in the embedded mode.</summary>
[Trait("Category", "Sqlite")]
public sealed class JdeSimulatorAuthTests(SqlitePortalFixture fixture) : IClassFixture<SqlitePortalFixture>
{
    [Theory]
    [InlineData("jde-sim/jderest/v2/tokenrequest")]
    [InlineData("jde-sim/jderest/tokenrequest")]
    [InlineData("jde-sim/jderest/v3/orchestrator/jde-login")]
    public async Task TokenRequest_WhenBodyCredentialsAreRight_ThenAnAisTokenResponse(string path)
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsJsonAsync(path, new { username = "BAKERYINT", password = "bakeryint", deviceName = "sync-01" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("userInfo").GetProperty("token").GetString().Should().StartWith("044");
        body.GetProperty("userInfo").GetProperty("simpleDateFormat").GetString().Should().Be("dd/MM/yyyy");
        body.GetProperty("userInfo").GetProperty("dateSeperator").GetString().Should().Be("/");
        body.GetProperty("environment").GetString().Should().Be("JPD920");
    }

    [Fact]
    public async Task TokenRequest_WhenBasicCredentialsAreRight_ThenAToken()
    {
        using var client = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "jde-sim/jderest/v2/tokenrequest") { Content = JsonContent.Create(new { deviceName = "d" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("BAKERYINT:bakeryint")));

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TokenRequest_WhenThePasswordIsWrong_Then403ServiceErrorResponse()
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsJsonAsync("jde-sim/jderest/v2/tokenrequest", new { username = "BAKERYINT", password = "guess" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        body.GetProperty("message").GetString().Should().Be("Authorization Failure");
        body.GetProperty("status").GetString().Should().Be("ERROR");
    }

    [Fact]
    public async Task TokenRequest_WhenTheBodyIsNotJson_Then400()
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsync("jde-sim/jderest/v2/tokenrequest", new StringContent("{\"username\":", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Token_WhenValidatedFromAnotherDeviceOrAfterLogout_Then444()
    {
        using var client = fixture.CreateClient();
        var token = await LoginAsync(client, "sync-01");

        using var sameDevice = await client.PostAsJsonAsync("jde-sim/jderest/v2/tokenrequest/validate", new { token, deviceName = "sync-01", touch = true });
        using var otherDevice = await client.PostAsJsonAsync("jde-sim/jderest/v2/tokenrequest/validate", new { token, deviceName = "laptop" });
        using var v3 = await SendWithAisHeadersAsync(client, HttpMethod.Get, "jde-sim/jderest/v3/orchestrator/jde-validate-session", token, "sync-01");
        using var logout = await SendWithAisHeadersAsync(client, HttpMethod.Get, "jde-sim/jderest/v3/orchestrator/jde-logout", token, "sync-01");
        using var afterLogout = await client.PostAsJsonAsync("jde-sim/jderest/v2/tokenrequest/validate", new { token, deviceName = "sync-01" });
        using var secondLogout = await client.PostAsJsonAsync("jde-sim/jderest/v2/tokenrequest/logout", new { token });

        sameDevice.StatusCode.Should().Be(HttpStatusCode.OK);
        (await sameDevice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("isValidSession").GetBoolean().Should().BeTrue();
        ((int)otherDevice.StatusCode).Should().Be(444);
        v3.StatusCode.Should().Be(HttpStatusCode.OK);
        logout.StatusCode.Should().Be(HttpStatusCode.OK);
        ((int)afterLogout.StatusCode).Should().Be(444);
        ((int)secondLogout.StatusCode).Should().Be(444);
    }

    private static async Task<string> LoginAsync(HttpClient client, string device)
    {
        using var response = await client.PostAsJsonAsync("jde-sim/jderest/v2/tokenrequest", new { username = "BAKERYINT", password = "bakeryint", deviceName = device });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userInfo").GetProperty("token").GetString()!;
    }

    private static Task<HttpResponseMessage> SendWithAisHeadersAsync(HttpClient client, HttpMethod method, string path, string token, string device)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("jde-AIS-Auth", token);
        request.Headers.Add("jde-AIS-Auth-Device", device);
        return client.SendAsync(request);
    }
}
