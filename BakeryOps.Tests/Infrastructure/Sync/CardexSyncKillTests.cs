using System.Data.Common;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BakeryOps.Tests.TestInfrastructure;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BakeryOps.Tests.Infrastructure.Sync;

/// <summary>
/// The portal process killed in the middle of a cardex run, then started again and synced to the end, holds exactly
/// what a portal that ran the same sync undisturbed holds: the same mirror, the same quarantine, the same movements
/// and the same on-hand, compared row by row. Both start from the same generated JD Edwards ledger (a fixed seed).
/// </summary>
public abstract partial class CardexSyncKillTests : IAsyncLifetime
{
    private readonly string _killed = Path.Combine(Path.GetTempPath(), $"bakeryops-kill-{Guid.NewGuid():N}");
    private readonly string _clean = Path.Combine(Path.GetTempPath(), $"bakeryops-clean-{Guid.NewGuid():N}");

    private TestDatabase? _killedDatabase;
    private TestDatabase? _cleanDatabase;

    protected abstract DatabaseProvider Provider { get; }

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Jde__Simulator__LedgerRows"] = "20000",
        ["Sync__BatchRows"] = "50",
        ["Sync__HistoryStart"] = DateTime.UtcNow.AddYears(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Jobs__SchedulerEnabled"] = "false",
        // The killed process's lease on the facility must expire before the restarted one may sync it.
        ["Sync__LeaseSeconds"] = "3",
    };

    public async Task InitializeAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            _killedDatabase = await TestDatabase.CreateAsync(Provider);
            _cleanDatabase = await TestDatabase.CreateAsync(Provider);
        }
    }

    [Fact]
    public async Task Bootstrap_WhenTheProcessIsKilledMidRunAndSyncedAgain_ThenEveryTableEqualsTheUndisturbedRun()
    {
        var killedEnvironment = EnvironmentFor(_killedDatabase);
        var cleanEnvironment = EnvironmentFor(_cleanDatabase);
        string password;
        await using (var first = await PortalProcess.StartAsync(_killed, killedEnvironment))
        {
            password = Password(first);
            using var api = await SignInAsync(first, password);
            await CreateProductsAsync(api);
            var run = await StartAsync(api, "full-history");
            await WaitAsync(api, run, r => r.GetProperty("counts").TryGetProperty("read", out var read) && read.GetInt64() >= 1000);
        } // Disposing kills the process tree (SIGKILL): no graceful stop, a batch may be half-way.

        await using (var again = await PortalProcess.StartAsync(_killed, killedEnvironment))
        {
            using var api = await SignInAsync(again, password);
            var run = await StartAsync(api, "incremental");
            var finished = await WaitAsync(api, run, r => r.GetProperty("status").GetString() != "running");
            finished.GetProperty("status").GetString().Should().Be("succeeded", finished.ToString());
        }

        await using (var undisturbed = await PortalProcess.StartAsync(_clean, cleanEnvironment))
        {
            using var api = await SignInAsync(undisturbed, Password(undisturbed));
            await CreateProductsAsync(api);
            var run = await StartAsync(api, "full-history");
            var finished = await WaitAsync(api, run, r => r.GetProperty("status").GetString() != "running");
            finished.GetProperty("status").GetString().Should().Be("succeeded", finished.ToString());
        }

        var killed = await TablesAsync(_killed, _killedDatabase);
        var clean = await TablesAsync(_clean, _cleanDatabase);
        killed.Mirror.Should().HaveCountGreaterThan(1000).And.BeEquivalentTo(clean.Mirror, "the same ledger rows are mirrored once, with the same outcomes");
        killed.Quarantine.Should().BeEquivalentTo(clean.Quarantine);
        killed.Movements.Should().NotBeEmpty().And.BeEquivalentTo(clean.Movements, "every applied row is one movement, none lost or doubled");
        killed.OnHand.Should().BeEquivalentTo(clean.OnHand);
        killed.InterruptedRuns.Should().Be(1, "the killed run is closed as interrupted when the portal starts again");
    }

    public async Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var database in new[] { _killedDatabase, _cleanDatabase })
        {
            if (database is not null)
            {
                await database.DisposeAsync();
            }
        }

        foreach (var directory in new[] { _killed, _clean })
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A log file may still be closing; the OS cleans its temp folder.
            }
        }
    }

    /// <summary>SQLite in the data directory (the embedded default), or the given PostgreSQL database.</summary>
    private static Dictionary<string, string> EnvironmentFor(TestDatabase? database)
    {
        var environment = new Dictionary<string, string>(Settings);
        if (database is not null)
        {
            environment["Database__Provider"] = "Postgres";
            environment["Database__ConnectionString"] = database.ConnectionString;
        }

        return environment;
    }

    private static string Password(PortalProcess portal) => PasswordLine().Match(portal.Output).Groups[1].Value;

    private static async Task<HttpClient> SignInAsync(PortalProcess portal, string password)
    {
        var client = new HttpClient { BaseAddress = portal.BaseAddress };
        using var token = await client.PostAsync("token", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "admin", ["password"] = password }));
        token.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());
        return client;
    }

    /// <summary>Three of branch 1110's items, one of them by the case into lots; the ledger's other items wait in the quarantine.</summary>
    private static async Task CreateProductsAsync(HttpClient api)
    {
        foreach (var body in new[]
                 {
                     """{"productName":"Flour T55","inventoryUnit":"KG","jde":{"shortItemNumber":60001,"secondItemNumber":"B_FLOUR_T55","branchPlant":"1110"}}""",
                     """{"productName":"Flour T65","inventoryUnit":"KG","jde":{"shortItemNumber":60002,"secondItemNumber":"B_FLOUR_T65","branchPlant":"1110"}}""",
                     """{"productName":"Eggs","inventoryUnit":"EA","jde":{"shortItemNumber":60024,"secondItemNumber":"B_EGGS_LARGE","branchPlant":"1110"},"unitConversions":[{"unit":"CS","factor":360}]}""",
                 })
        {
            using var response = await api.PostAsync("bakeryops/facilities/default_facility/products", new StringContent(body, Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Starts a run, waiting while a lease left by a killed process has not expired yet (409).</summary>
    private static async Task<Guid> StartAsync(HttpClient api, string mode)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await api.PostAsync("jobs/cardex-sync/run",
                new StringContent($$"""{"facility":"default_facility","mode":"{{mode}}"}""", Encoding.UTF8, "application/json"));
            if (response.StatusCode != System.Net.HttpStatusCode.Conflict || DateTime.UtcNow > deadline)
            {
                response.EnsureSuccessStatusCode();
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            }

            await Task.Delay(250);
        }
    }

    private static async Task<JsonElement> WaitAsync(HttpClient api, Guid run, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var current = await api.GetFromJsonAsync<JsonElement>($"jobs/runs/{run}");
            if (until(current))
            {
                return current;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, "run {0} should get there: {1}", run, current);
            await Task.Delay(50);
        }
    }

    private static async Task<Tables> TablesAsync(string dataDirectory, TestDatabase? database)
    {
        await using DbConnection db = database is null
            ? new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "bakeryops.db")};Mode=ReadOnly;Pooling=False")
            : new NpgsqlConnection(database.ConnectionString);
        await db.OpenAsync();
        return new Tables(
            await RowsAsync(db, "SELECT ukid || ' ' || outcome FROM jde_cardex WHERE facility_id = 'default_facility'"),
            await RowsAsync(db, "SELECT ukid || ' ' || reason || ' ' || (resolved_at IS NULL) FROM sync_quarantine WHERE facility_id = 'default_facility'"),
            // Product ids are generated per portal; the product's name says which it is.
            await RowsAsync(db, "SELECT m.jde_ledger_key || ' ' || p.product_name || ' ' || m.inventory_quantity || ' ' || COALESCE(m.lot_number, '') " +
                "FROM bakery_ops_movements m JOIN bakery_ops_products p ON p.id = m.product_id WHERE m.facility_id = 'default_facility'"),
            await RowsAsync(db, "SELECT p.product_name || ' ' || p.on_hand FROM bakery_ops_products p WHERE p.facility_id = 'default_facility'"),
            int.Parse((await RowsAsync(db, "SELECT count(*) FROM sync_runs WHERE job = 'cardex-sync' AND status = 'failed' AND error LIKE 'Interrupted%'"))[0],
                CultureInfo.InvariantCulture));
    }

    private static async Task<List<string>> RowsAsync(DbConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return rows;
    }

    protected sealed record Tables(List<string> Mirror, List<string> Quarantine, List<string> Movements, List<string> OnHand, int InterruptedRuns);

    [GeneratedRegex(@"password:\s+(\S+)")]
    private static partial Regex PasswordLine();
}

[Trait("Category", "Sqlite")]
public sealed class SqliteCardexSyncKillTests : CardexSyncKillTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

[Trait("Category", "Postgres")]
public sealed class PostgresCardexSyncKillTests : CardexSyncKillTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
