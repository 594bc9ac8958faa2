using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Lake.Outbox;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Infrastructure.Telemetry;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace BakeryOps.Tests.Portal.Telemetry;

/// <summary>
/// Metrics and traces of a running portal on PostgreSQL: <c>/metrics</c> scraped and parsed after a cardex sync run, a
/// dispatch to JD Edwards and a lake write; who may scrape it; and one sync run's trace, caught by an in-memory exporter.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class TelemetryTests(TelemetryPortalFixture fixture) : IClassFixture<TelemetryPortalFixture>
{
    private const string Facility = CardexSyncDriver.Facility;
    private readonly CardexSyncDriver _sync = new(fixture);

    [Fact]
    public async Task Metrics_AfterASyncRunADispatchAndALakeWrite_ShowTheRequestDurationsAndEveryProductMeter()
    {
        await fixture.PrepareAsync(_sync);
        (await _sync.RunAsync()).Status.Should().Be("succeeded");

        using var planner = await fixture.ClientAsync(Roles.Planner);
        using var adjusted = await planner.PostAsync($"bakeryops/facilities/{Facility}/inventory-adjustments", Json($$"""
            [{"productId":"{{CardexSyncDriver.Flour}}","quantity":1,"unit":"KG","adjustmentType":"WASTE","adjustmentDate":"{{DateTimeOffset.UtcNow:O}}"}]
            """));
        adjusted.StatusCode.Should().Be(HttpStatusCode.Created, await adjusted.Content.ReadAsStringAsync());
        var movementId = (await adjusted.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("_id").GetString();
        using var refused = await planner.PostAsync($"bakeryops/facilities/{Facility}/inventory-adjustments", Json($$"""
            [{"productId":"{{CardexSyncDriver.Flour}}","quantity":100000000,"unit":"KG","adjustmentType":"USAGE","adjustmentDate":"{{DateTimeOffset.UtcNow:O}}"}]
            """));
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict, "the usage would take flour below zero");

        using var listed = await planner.GetAsync($"data/bakery_ops_to_jde_actions?facility={Facility}&state=pending&size=500");
        listed.StatusCode.Should().Be(HttpStatusCode.OK);
        var key = (await listed.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .Single(a => a.GetProperty("movement_id").GetString() == movementId).GetProperty("key").GetString()!;
        using var dispatched = await planner.PostAsync("bakery_ops_to_jde/dispatch", Json(JsonSerializer.Serialize(new[] { key })));
        dispatched.StatusCode.Should().Be(HttpStatusCode.OK, await dispatched.Content.ReadAsStringAsync());
        (await dispatched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("successful").GetInt32().Should().Be(1);

        (await fixture.Services.GetRequiredService<LakeOutboxFlusher>().FlushAsync("test", CancellationToken.None)).Should().BePositive();

        using var admin = await fixture.ClientAsync(Roles.Admin);
        var samples = await ScrapeUntilAsync(admin, s => s.Name == "http_server_request_duration_seconds_bucket" && (s["http_route"] ?? "").Contains("bakery_ops_to_jde/dispatch", StringComparison.Ordinal));

        samples.Should().Contain(s => s.Name == "http_server_request_duration_seconds_bucket" && (s["http_route"] ?? "").Contains("bakery_ops_to_jde/dispatch", StringComparison.Ordinal),
            "ASP.NET Core's request duration histogram is exported");
        foreach (var outcome in new[] { "read", "applied", "quarantined", "skipped" })
        {
            samples.Should().Contain(s => s.Name == "bakeryops_sync_rows_count" && s["bakeryops_job"] == "cardex-sync" && s["bakeryops_outcome"] == outcome && s.Value >= 1,
                $"every cardex run records its {outcome} rows");
        }

        samples.Should().Contain(s => s.Name == "bakeryops_sync_rows_sum" && s["bakeryops_outcome"] == "read" && s.Value > 0);
        samples.Should().Contain(s => s.Name == "bakeryops_dispatch_attempts_total" && s["bakeryops_kind"] == "post" && s["bakeryops_outcome"] == "posted" && s.Value >= 1);
        foreach (var dataset in new[] { CardexChangeRecord.Dataset, BakeryOpsLakeDatasets.Movements.Name })
        {
            samples.Should().Contain(s => s.Name == "bakeryops_lake_rows_total" && s["bakeryops_dataset"] == dataset && s.Value > 0, $"{dataset} was written");
            samples.Should().Contain(s => s.Name == "bakeryops_lake_bytes_total" && s["bakeryops_dataset"] == dataset && s.Value > 0);
            samples.Should().Contain(s => s.Name == "bakeryops_lake_files_total" && s["bakeryops_dataset"] == dataset && s.Value >= 1);
        }

        samples.Should().Contain(s => s.Name == "bakeryops_job_duration_seconds_count" && s["bakeryops_job"] == "cardex-sync" && s["bakeryops_status"] == "succeeded");
        samples.Should().Contain(s => s.Name == "bakeryops_job_duration_seconds_count" && s["bakeryops_job"] == LakeOutboxFlusher.Job);
        samples.Should().Contain(s => s.Name == "bakeryops_job_failures_total" && s["bakeryops_job"] == "cardex-sync");
        samples.Should().Contain(s => s.Name == "bakeryops_inventory_onhand_refused_total" && s["bakeryops_reason"] == "product_below_zero" && s.Value >= 1);
        samples.Should().Contain(s => s.Name == "bakeryops_lake_outbox_depth" && s["bakeryops_dataset"] == BakeryOpsLakeDatasets.Movements.Name);
    }

    [Fact]
    public async Task Metrics_WhenTheCallerIsNeitherAdminNorIntegrationNorOnAnAllowedNetwork_AreRefused()
    {
        using var anonymous = fixture.CreateClient();
        (await anonymous.GetAsync("metrics")).StatusCode.Should().Be(HttpStatusCode.Unauthorized,
            "the test client (127.0.0.1) is not in Telemetry:Metrics:AllowedNetworks (10.0.0.0/8)");
        using var viewer = await fixture.ClientAsync(Roles.Viewer);
        (await viewer.GetAsync("metrics")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var integration = await fixture.ClientAsync(Roles.Integration);
        (await integration.GetAsync("metrics")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Metrics_WhenTheCallerIsOnAnAllowedNetwork_AreServedWithoutAToken()
    {
        await using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        await using var portal = new PortalFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.Sqlite),
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Telemetry:Metrics:AllowedNetworks:0"] = "10.0.0.0/8",
            ["Telemetry:Metrics:AllowedNetworks:1"] = "127.0.0.0/8",
        });
        using var anonymous = portal.CreateHttpClient();
        using var scraped = await anonymous.GetAsync("metrics");
        scraped.StatusCode.Should().Be(HttpStatusCode.OK);
        PrometheusText.Parse(await scraped.Content.ReadAsStringAsync()).Should().Contain(s => s.Name.StartsWith("dotnet_", StringComparison.Ordinal),
            "the runtime's metrics are exported too");
    }

    [Fact]
    public async Task Metrics_WhenAnotherPortalRunsInTheSameProcess_CountOnlyThisPortalsRequests()
    {
        await using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        await using var other = new PortalFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.Sqlite),
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Telemetry:Metrics:AllowedNetworks:0"] = "127.0.0.0/8",
        });
        using var anonymous = other.CreateHttpClient();
        // A route this fixture never serves, answered 401 to the anonymous caller.
        (await anonymous.GetAsync("s3/dispatches")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await ScrapeUntilAsync(anonymous, IsTheOthersRequest)).Should().Contain(s => IsTheOthersRequest(s), "the other portal counts its own request");

        using var admin = await fixture.ClientAsync(Roles.Admin);
        using var scraped = await admin.GetAsync("metrics");

        PrometheusText.Parse(await scraped.Content.ReadAsStringAsync()).Should().NotContain(s => IsTheOthersRequest(s));
    }

    [Fact]
    public async Task Trace_OfOneSyncRun_SpansTheJdeCallsTheDatabaseAndTheLakeUpload()
    {
        await fixture.PrepareAsync(_sync);
        await _sync.RecordInJdeAsync("B_FLOUR_T55", 2m, "KG", "OV", explanation: "PO 7001 received");

        var run = await _sync.RunAsync();

        var spans = fixture.Spans.Snapshot();
        var ours = spans.Where(a => a.Source.Name == BakeryOpsTelemetry.Name).ToList();
        // The run's lake uploads carry its run id too; the run's own span is the one with the job.
        var root = ours.SingleOrDefault(a => a.GetTagItem("bakeryops.run_id") is Guid id && id == run.Id && a.GetTagItem(BakeryOpsMetrics.JobTag) is not null)
            ?? throw new InvalidOperationException("The run has no span of its own; BakeryOps spans seen: "
                + string.Join("; ", ours.TakeLast(20).Select(a => $"{a.DisplayName} {a.GetTagItem("bakeryops.run_id")}")));
        root.DisplayName.Should().Be("cardex-sync run");
        root.ParentSpanId.Should().Be(default(ActivitySpanId), "a run starts its own trace");
        root.Status.Should().NotBe(ActivityStatusCode.Error);
        var trace = spans.Where(a => a.TraceId == root.TraceId).ToList();
        trace.Should().Contain(a => a.Source.Name == "System.Net.Http" && a.Kind == ActivityKind.Client
            && ((string?)a.GetTagItem("url.full") ?? "").Contains("/jderest/", StringComparison.Ordinal), "the JD Edwards calls are in the run's trace");
        trace.Should().Contain(a => a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server,
            "the W3C trace context reaches the JD Edwards side (the simulator serves it in the same process)");
        trace.Should().Contain(a => a.Source.Name == "Npgsql" && a.Kind == ActivityKind.Client, "the database commands are in the run's trace");
        var upload = trace.Should().Contain(a => a.Source.Name == BakeryOpsTelemetry.Name && a.DisplayName == "lake upload"
            && Equals(a.GetTagItem(BakeryOpsMetrics.DatasetTag), CardexChangeRecord.Dataset)).Subject;
        ((long)upload.GetTagItem("bakeryops.lake.rows")!).Should().BePositive();
        trace.Should().OnlyContain(a => a.Status != ActivityStatusCode.Error || a.Source.Name != BakeryOpsTelemetry.Name);
    }

    private static bool IsTheOthersRequest(PrometheusSample s) =>
        s.Name == "http_server_request_duration_seconds_count" && (s["http_route"] ?? "").StartsWith("/s3", StringComparison.Ordinal);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>
    /// Scrapes until a sample the test waits for is there (at most 15 s): ASP.NET Core records a request's duration
    /// once the request has ended, which can be after its client read the response, and the exporter keeps a scrape
    /// for a moment. Returns the last scrape either way, for the assertions to explain.
    /// </summary>
    private static async Task<List<PrometheusSample>> ScrapeUntilAsync(HttpClient client, Func<PrometheusSample, bool> awaited)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            using var scraped = await client.GetAsync("metrics");
            scraped.StatusCode.Should().Be(HttpStatusCode.OK);
            var samples = PrometheusText.Parse(await scraped.Content.ReadAsStringAsync()).ToList();
            if (samples.Any(awaited) || DateTime.UtcNow > deadline)
            {
                return samples;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}

/// <summary>A PostgreSQL portal whose spans also go to an in-memory exporter, and whose only scrape network is 10.0.0.0/8.</summary>
public sealed class TelemetryPortalFixture : PortalFixture
{
    private readonly SemaphoreSlim _prepare = new(1, 1);
    private readonly HashSet<string> _users = [];
    private bool _prepared;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public SpanCollection Spans { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Telemetry:Metrics:AllowedNetworks:0"] = "10.0.0.0/8",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));

    /// <summary>Loads the sample bakery and runs the first sync once, whichever test comes first.</summary>
    public async Task PrepareAsync(CardexSyncDriver sync)
    {
        await _prepare.WaitAsync();
        try
        {
            if (!_prepared)
            {
                await sync.LoadSampleDataAsync();
                await sync.RunAsync();
                _prepared = true;
            }
        }
        finally
        {
            _prepare.Release();
        }
    }

    /// <summary>A client with the bearer token of a user in <paramref name="role"/>, created on first use.</summary>
    public async Task<HttpClient> ClientAsync(string role)
    {
        var user = $"telemetry-{role.ToLowerInvariant()}";
        var password = $"Telemetry-{role}-Passw0rd!";
        lock (_users)
        {
            if (!_users.Add(user))
            {
                user = null;
            }
        }

        if (user is not null)
        {
            await CreateUserAsync(user, password, role);
        }

        var client = CreateClient();
        client.WithBearer(await client.GetTokenAsync($"telemetry-{role.ToLowerInvariant()}", password));
        return client;
    }
}

/// <summary>Spans as the exporter hands them over, safe to read while other threads still export.</summary>
public sealed class SpanCollection : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    public int Count
    {
        get
        {
            lock (_spans)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    public void Add(Activity item)
    {
        lock (_spans)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item) => Snapshot().Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().ToArray().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
