using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;

namespace BakeryOps.Tests.Infrastructure.Jde.Client;

/// <summary>A portal whose Jde:Resilience opens the circuit after two failed reads of one attempt each, for a long break.</summary>
public sealed class BreakingPortalFixture : PortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Jde:Resilience:ReadAttempts"] = "1",
        ["Jde:Resilience:CircuitBreaker:MinimumThroughput"] = "2",
        ["Jde:Resilience:CircuitBreaker:BreakSeconds"] = "600",
    };
}

/// <summary>The portal's registration: Jde:Resilience reaches the client, and its transient clients share one circuit.</summary>
[Trait("Category", "Sqlite")]
public sealed class JdeResiliencePortalTests(BreakingPortalFixture fixture) : IClassFixture<BreakingPortalFixture>
{
    [Fact]
    public async Task AddJdeClient_WhenTransientClientsFailRepeatedly_ThenTheSharedCircuitRefusesTheNextOneAndHealthSaysSo()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var calls = fixture.Services.GetRequiredService<JdeCallLog>();
        fixture.Services.GetRequiredService<JdeSimulatorFaults>().Arm(JdeFaultKind.Unavailable503, calls: 2, orchestration: "JDE_CARDEX_SUMMARY");
        var clients = Enumerable.Range(0, 3).Select(_ => fixture.Services.GetRequiredService<JdeAisClient>()).ToList();
        foreach (var client in clients.Take(2))
        {
            var read = () => client.GetCardexAsync("1110", today);
            (await read.Should().ThrowAsync<JdeException>()).Which.StatusCode.Should().Be(503);
        }

        var sent = calls.Recent.Count;

        var refused = () => clients[2].GetCardexAsync("1110", today);

        clients.Distinct().Should().HaveCount(3, "typed clients are transient");
        (await refused.Should().ThrowAsync<JdeException>()).Which.Message.Should().Contain("circuit open").And.Contain("resume in 600 s");
        calls.Recent.Should().HaveCount(sent);
        fixture.Services.GetRequiredService<JdeResiliencePipelines>().CircuitState.Should().Be(CircuitState.Open);
        using var http = fixture.CreateClient();
        using var response = await http.GetAsync("health");
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        var jde = health.GetProperty("checks").GetProperty(JdeHealthCheck.Name);
        jde.GetProperty("status").GetString().Should().Be("unhealthy");
        jde.GetProperty("description").GetString().Should().Contain("circuit open");
    }
}
