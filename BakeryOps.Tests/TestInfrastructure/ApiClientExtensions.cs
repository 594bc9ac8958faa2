using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BakeryOps.Tests.TestInfrastructure;

public static class ApiClientExtensions
{
    /// <summary>POSTs the OAuth2 password form to /token and returns the access token.</summary>
    public static async Task<string> GetTokenAsync(this HttpClient client, string userName, string password)
    {
        using var response = await client.PostAsync("token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = userName,
            ["password"] = password,
        }));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    public static HttpClient WithBearer(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
