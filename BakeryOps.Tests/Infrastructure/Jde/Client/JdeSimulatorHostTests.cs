using System.Net;
using System.Net.Http.Json;
using BakeryOps.Infrastructure.Inventory.SampleData;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Infrastructure.Jde.Client;

/// <summary>The simulator alone on its own Kestrel port, at AIS's own paths, with its own services.</summary>
public sealed class JdeSimulatorHostTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task StartAsync_WhenNothingIsGiven_ThenServesAisPathsOnAFreePortAndRemovesItsTemporaryState()
    {
        string snapshotDirectory;
        await using (var host = await JdeSimulatorHost.StartAsync())
        {
            snapshotDirectory = Path.GetDirectoryName(host.Services.GetRequiredService<JdeSimulatorSnapshot>().Path)!;
            using var http = new HttpClient { BaseAddress = host.BaseUri };

            using var login = await http.PostAsJsonAsync("v2/tokenrequest", new { username = host.Account.UserName, password = host.Account.Password });
            using var portalPath = await http.GetAsync(new Uri(host.BaseUri, "/jde-sim/jderest/v3/orchestrator/jde-validate-session"));

            host.BaseUri.ToString().Should().MatchRegex(@"^http://127\.0\.0\.1:[1-9][0-9]*/jderest/$");
            login.StatusCode.Should().Be(HttpStatusCode.OK);
            portalPath.StatusCode.Should().Be(HttpStatusCode.NotFound);
            await host.Services.GetRequiredService<JdeSimulatorSnapshot>().SaveAsync(CancellationToken.None);
            Directory.Exists(snapshotDirectory).Should().BeTrue();
        }

        Directory.Exists(snapshotDirectory).Should().BeFalse();
    }

    [Fact]
    public async Task StartAsync_WhenAStateAndAccountAreGiven_ThenServesThemAndLeavesTheStateToTheCaller()
    {
        using var state = JdeSimulatorState.Create(BakerySampleData.Default, TimeProvider.System);
        var directory = Path.Combine(Path.GetTempPath(), $"bakeryops-jde-sim-host-{Guid.NewGuid():N}");
        try
        {
            await using (var host = await JdeSimulatorHost.StartAsync(new JdeSimulatorHostOptions
            {
                State = state,
                SnapshotDirectory = directory,
                Simulator = new JdeSimulatorOptions { Username = "OTHERINT", Password = "other-secret" },
            }))
            {
                host.State.Should().BeSameAs(state);
                using var http = new HttpClient();
                using var client = new JdeAisClient(http, new JdeClientSettings
                {
                    BaseUri = host.BaseUri,
                    UserName = "OTHERINT",
                    Password = "other-secret",
                    MaxReadAttempts = 1,
                }, TimeProvider.System, new ListLogger<JdeAisClient>());
                host.Faults.Arm(JdeFaultKind.Error500Json, orchestration: "JDE_CARDEX_SUMMARY");

                var faulted = () => client.GetCardexAsync("1110", Today);

                (await faulted.Should().ThrowAsync<JdeException>()).Which.StatusCode.Should().Be(500);
                (await client.GetCardexAsync("1110", Today.AddDays(-30))).Rows.Should().NotBeEmpty();
            }

            state.LedgerCount.Should().BePositive();
            Directory.Exists(directory).Should().BeTrue();
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
