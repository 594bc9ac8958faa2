using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Portal.Identity;

/// <summary>A portal that checks revocations every second, with its log captured.</summary>
public abstract class TokenPortalFixture : LogCapturingPortalFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Jwt:RevocationCheckSeconds"] = "1",
    };
}

public sealed class SqliteTokenPortalFixture : TokenPortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresTokenPortalFixture : TokenPortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>POST /token with the password or refresh grant, answering the parsed body.</summary>
public static class TokenRequests
{
    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PasswordAsync(HttpClient client, string userName, string password)
    {
        var response = await client.PostAsync("token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = userName, ["password"] = password,
        }));
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> RefreshAsync(HttpClient client, string refreshToken)
    {
        var response = await client.PostAsync("token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken,
        }));
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static string Access(this JsonElement body) => body.GetProperty("access_token").GetString()!;

    public static string Refresh(this JsonElement body) => body.GetProperty("refresh_token").GetString()!;
}
