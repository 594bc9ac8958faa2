using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Portal.Hosting;

/// <summary>The README's first command: the portal starts on the embedded defaults with no other setup.</summary>
[Trait("Category", "Sqlite")]
public sealed partial class EmbeddedDefaultsTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"bakeryops-first-run-{Guid.NewGuid():N}");

    [Fact]
    public async Task Start_WhenRunWithNoSettings_ThenServesHealthyOnSqliteAndPrintsTheAdminPasswordOnlyOnce()
    {
        string password;
        await using (var first = await PortalProcess.StartAsync(_dataDirectory))
        {
            password = GeneratedPassword().Match(first.Output).Groups[1].Value;
            using var client = new HttpClient { BaseAddress = first.BaseAddress };
            var health = await client.GetFromJsonAsync<JsonElement>("health");
            using var token = await client.PostAsync("token", Form("admin", password));

            password.Should().HaveLength(20);
            health.GetProperty("status").GetString().Should().Be("healthy");
            health.GetProperty("checks").GetProperty("database").GetProperty("data").GetProperty("provider").GetString().Should().Be("Sqlite");
            token.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await using var second = await PortalProcess.StartAsync(_dataDirectory);
        using var again = new HttpClient { BaseAddress = second.BaseAddress };
        using var secondToken = await again.PostAsync("token", Form("admin", password));
        var logs = string.Concat(Directory.GetFiles(Path.Combine(_dataDirectory, "logs")).Select(File.ReadAllText));

        second.Output.Should().NotContain("shown only once").And.NotContain(password);
        secondToken.StatusCode.Should().Be(HttpStatusCode.OK);
        File.Exists(Path.Combine(_dataDirectory, "bakeryops.db")).Should().BeTrue();
        logs.Should().Contain("Bootstrap administrator").And.NotContain(password);
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private static FormUrlEncodedContent Form(string userName, string password) => new(new Dictionary<string, string>
    {
        ["username"] = userName,
        ["password"] = password,
    });

    [GeneratedRegex(@"password:\s+(\S+)")]
    private static partial Regex GeneratedPassword();
}
