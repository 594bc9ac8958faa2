using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BakeryOps.Domain.Lake;
using BakeryOps.Domain.Schemas;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Infrastructure.Schemas;
using BakeryOps.Tests.Portal.Lake;
using BakeryOps.Tests.TestInfrastructure;
using FluentAssertions.Execution;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;
using Xunit.Abstractions;

namespace BakeryOps.Tests.Portal.Endpoints;

/// <summary>
/// Walks every endpoint the portal maps and sends hostile input into each slot a caller controls, one slot at a time
/// with valid values in the others: route values, query parameters, every JSON property of the request body (nested
/// objects and arrays included), form fields, headers used as data, and malformed bodies. No answer may be a 5xx,
/// nothing may be logged at Error or above, and a value that breaks the text rule (a NUL, another control character,
/// broken Unicode) must be refused on SQLite as on PostgreSQL, which would refuse a NUL itself with a 500. Endpoints and body fields added later are picked up without touching this
/// test: the walk starts from <see cref="EndpointDataSource"/> and the slots come from the OpenAPI document; only the
/// JD Edwards simulator, whose inputs the document cannot describe, has its inputs listed here.
/// </summary>
public abstract class HostileInputSweepTests<TFixture>(TFixture fixture, ITestOutputHelper output)
    where TFixture : LogCapturingPortalFixture
{
    private const string OpenApiDocumentRoute = "/openapi/{documentName}.json";
    private const string RequestLogSource = "Serilog.AspNetCore.RequestLoggingMiddleware";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EveryMappedEndpoint_WhenSentHostileInput_ThenNoAnswerIs5xxNothingBreakingTheTextRuleIsAcceptedAndNothingIsLogged()
    {
        var clock = Stopwatch.StartNew();
        using var client = CreateClient();
        var token = await client.GetTokenAsync("admin", PortalFactory.AdminPassword);
        var data = await ArrangeAsync(client, token);
        var plan = new HostileInputPlan(await OpenApiDocumentAsync(client, token), data);
        var endpoints = MappedEndpoints().ToList();
        var requests = endpoints.SelectMany(plan.RequestsFor).ToList();
        var arranged = clock.Elapsed;

        var outcomes = new List<SweepOutcome>(requests.Count);
        foreach (var request in requests)
        {
            outcomes.Add(await SendAsync(client, token, request));
        }

        // Serilog's request log event is written after the answer has left; give the last one time to arrive.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var byTrace = outcomes.ToDictionary(o => o.TraceId);
        var events = fixture.Logs.Events.Where(e => e.Level >= LogEventLevel.Error && !IsAnotherPortalsEvent(e, byTrace)).ToList();
        var failures = outcomes.Where(o => o.Failure is not null).Select(o => o.Describe(ExceptionOf(o.TraceId, events))).ToList();
        var errors = events.Where(e => !IsExplainedByAJudgedAnswer(e, byTrace)).Select(e => DescribeEvent(e, byTrace)).ToList();
        WriteReport(endpoints, outcomes, failures, errors, events.Count, arranged, clock.Elapsed);

        using var scope = new AssertionScope();
        scope.FormattingOptions.MaxLines = 100_000;
        AssertTheWalkCoveredThePortal(endpoints, outcomes);
        // BeEmpty names only the first item; the reason carries them all, one a line.
        failures.Should().BeEmpty(
            "no hostile input may be answered with a 5xx or go unanswered, and none that breaks the text rule may be accepted; all {0}:{1}",
            failures.Count, Lines(failures));
        errors.Should().BeEmpty("no hostile input may make the portal log at Error or above; all {0}:{1}", errors.Count, Lines(errors));
    }

    private static string Lines(List<string> items) => string.Concat(items.Select(i => Environment.NewLine + "  " + i)) + Environment.NewLine;

    private void AssertTheWalkCoveredThePortal(List<SweepEndpoint> endpoints, List<SweepOutcome> outcomes)
    {
        var attacked = outcomes.Select(o => o.Request.Endpoint.Name).ToHashSet(StringComparer.Ordinal);
        endpoints.Select(e => e.Name).Where(name => !attacked.Contains(name)).Should().BeEmpty("every mapped endpoint is attacked");
        outcomes.Should().HaveCountGreaterThan(3000, "every slot of every endpoint gets every hostile value");
        attacked.Should().Contain(["POST /token", "POST /bakeryops/facilities/{facility_id}/products", "GET /bakeryops/facilities/{facility_id}/products",
            "PUT /s3/schemas/{dataset}/compatibility"]);
        attacked.Should().Contain(name => name.StartsWith("GET /jde-sim/", StringComparison.Ordinal) && name.EndsWith("/orchestrator/{name}", StringComparison.Ordinal));
        attacked.Should().Contain(name => name.StartsWith("POST /jde-sim/", StringComparison.Ordinal) && name.EndsWith("/orchestrator/{name}", StringComparison.Ordinal));

        // The body slots come from the OpenAPI schemas ($ref, nested objects, arrays of objects); the simulator's from the table.
        var slots = outcomes.Select(o => $"{o.Request.Name} {o.Request.Slot}").ToHashSet(StringComparer.Ordinal);
        slots.Should().Contain([
            "POST /bakeryops/facilities/{facility_id}/products body productName",
            "POST /bakeryops/facilities/{facility_id}/products body jde.secondItemNumber",
            "POST /bakeryops/facilities/{facility_id}/products body unitConversions[0].unit",
            "POST /bakeryops/facilities/{facility_id}/products header Idempotency-Key",
            "POST /bakeryops/facilities/{facility_id}/inventory-adjustments body productId",
            "GET /bakeryops/facilities/{facility_id}/products query q",
            "GET /bakeryops/facilities/{facility_id}/products/{id} route id",
            "POST /token form username",
            "POST /token body password",
        ]);
        slots.Should().Contain(s => s.Contains("[JDE_INVENTORY_ADJUSTMENTS] body GridData[0].Quantity", StringComparison.Ordinal));
        slots.Should().Contain(s => s.Contains("[JDE_CARDEX_SUMMARY] query bu", StringComparison.Ordinal));

        // The valid request of each kind must succeed, or the attacks would stop at the first check instead of going deep.
        Baseline(outcomes, "POST /token").Should().Be(200);
        Baseline(outcomes, "GET /bakeryops/facilities/{facility_id}/products").Should().Be(200);
        Baseline(outcomes, "POST /bakeryops/facilities/{facility_id}/products").Should().Be(201);
        Baseline(outcomes, "PUT /bakeryops/facilities/{facility_id}/products/{id}").Should().Be(200);
        Baseline(outcomes, "POST /bakeryops/facilities/{facility_id}/inventory-adjustments").Should().Be(201);
        Baseline(outcomes, "GET /data/df_bakery_ops_expanded").Should().Be(200);
        Baseline(outcomes, "GET /data/internal_bakery_ops_expanded").Should().Be(200);
        Baseline(outcomes, "GET /jde-sim/jderest/v3/orchestrator/{name} [JDE_CARDEX_SUMMARY]").Should().Be(200);
        Baseline(outcomes, "POST /jde-sim/jderest/v3/orchestrator/{name} [JDE_INVENTORY_ADJUSTMENTS]").Should().Be(200);
    }

    private static int? Baseline(List<SweepOutcome> outcomes, string name) =>
        outcomes.First(o => o.Request.Name == name && o.Request.Slot == SweepRequest.BaselineSlot).Status;

    /// <summary>
    /// Redirects stay visible; no cookies. Headers are sent as UTF-8 so non-ASCII header attacks reach the server, and
    /// the client adds no trace headers of its own: each request carries the trace id chosen here, which the portal's
    /// log events then carry, so every logged error is tied to the request that caused it.
    /// </summary>
    private HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ActivityHeadersPropagator = null,
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
    })
    {
        BaseAddress = fixture.Factory.BaseAddress,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>
    /// Sample data, so lists and movements have rows to filter, sort and page; a product of known shape (KG with a BG
    /// conversion) whose id every other slot points at; a dataset with two schema versions and a lake file; and a
    /// user without lockout whose password /token is attacked with (the admin must stay able to sign in).
    /// </summary>
    private async Task<SweepData> ArrangeAsync(HttpClient client, string token)
    {
        await SendValidAsync(client, token, HttpMethod.Post, "bakeryops/facilities/default_facility/batch-data", null);
        var product = await SendValidAsync(client, token, HttpMethod.Post, "bakeryops/facilities/default_facility/products",
            """{"productName":"Sweep target","inventoryUnit":"KG","unitConversions":[{"unit":"BG","factor":25}]}""");
        const string dataset = "sweep_ledger";
        await RegisterTwoSchemaVersionsAsync(dataset);
        var file = await LakeTestData.AddFileAsync(fixture.Services, dataset, new DateOnly(2025, 3, 1), 3);
        await CreateUserWithoutLockoutAsync(SweepData.VictimUser, SweepData.VictimPassword);
        var prefix = LakeTestData.Prefix(fixture.Services);
        return new SweepData(
            product.GetProperty("_id").GetString()!, dataset, file.ObjectKey,
            LakeKeys.Manifest(prefix, dataset, DateTimeOffset.UtcNow, "sweep"),
            fixture.Services.GetRequiredService<JdeSimulatorSessions>().Account);
    }

    private static async Task<JsonElement> SendValidAsync(HttpClient client, string token, HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        response.IsSuccessStatusCode.Should().BeTrue($"{method} {path} sets up the sweep: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task RegisterTwoSchemaVersionsAsync(string dataset)
    {
        var registry = fixture.Services.GetRequiredService<ISchemaRegistry>();
        SchemaField[] first = [new("item", SchemaFieldType.String, false, MaxLength: 20), new("qty", SchemaFieldType.Decimal, false, Precision: 18, Scale: 4)];
        (await registry.RegisterAsync(new DatasetSchema(dataset, first), "sweep", CancellationToken.None)).Accepted.Should().BeTrue();
        (await registry.RegisterAsync(new DatasetSchema(dataset, [.. first, new SchemaField("lot", SchemaFieldType.String, true, MaxLength: 10)]),
            "sweep", CancellationToken.None)).Accepted.Should().BeTrue();
    }

    private async Task CreateUserWithoutLockoutAsync(string userName, string password)
    {
        await fixture.CreateUserAsync(userName, password);
        await using var scope = fixture.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        (await users.SetLockoutEnabledAsync((await users.FindByNameAsync(userName))!, false)).Succeeded.Should().BeTrue();
    }

    private static async Task<JsonElement> OpenApiDocumentAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "openapi/v1.json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Every API endpoint: static assets and Blazor pages are not inputs to the API; the OpenAPI document is read above.</summary>
    private IEnumerable<SweepEndpoint> MappedEndpoints()
    {
        var source = fixture.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>().OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal))
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var isStaticAsset = endpoint.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor");
            var isPage = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
            if (isStaticAsset || isPage || pattern == OpenApiDocumentRoute)
            {
                continue;
            }

            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var route = endpoint.RoutePattern.Parameters.Select(p => new SweepRouteSlot(p.Name, p.IsCatchAll)).ToList();
            // No method metadata means any method: reading (GET) and sending a body (POST) are the two kinds of input.
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            foreach (var method in methods.Where(m => m is not ("OPTIONS" or "HEAD")).Order(StringComparer.Ordinal))
            {
                yield return new SweepEndpoint(method, pattern, route, anonymous);
            }
        }
    }

    private static async Task<SweepOutcome> SendAsync(HttpClient client, string token, SweepRequest request)
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var uri = new Uri(client.BaseAddress + request.Target.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        if (uri.PathAndQuery != "/" + request.Target.TrimStart('/'))
        {
            // The hostile value must reach the server encoded exactly once, as written here.
            return new SweepOutcome(request, traceId, null, $"the client changed the target to {uri.PathAndQuery}", "");
        }

        using var message = new HttpRequestMessage(request.Method, uri);
        message.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        if (!request.Anonymous)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (request.Header is { } header)
        {
            message.Headers.TryAddWithoutValidation(header.Key, header.Value).Should().BeTrue();
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        using var timeout = new CancellationTokenSource(RequestTimeout);
        try
        {
            using var response = await client.SendAsync(message, timeout.Token);
            var status = (int)response.StatusCode;
            if (request.MustBeRefused && status < 400)
            {
                return new SweepOutcome(request, traceId, status, $"{status}: accepted a value the input rule refuses", "");
            }

            if (status < 500)
            {
                return new SweepOutcome(request, traceId, status, null, "");
            }

            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return IsAisError(request, response, body)
                ? new SweepOutcome(request, traceId, status, null, body) { IsAisError = true }
                : new SweepOutcome(request, traceId, status, status.ToString(CultureInfo.InvariantCulture), body);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new SweepOutcome(request, traceId, null, $"no answer within {RequestTimeout.TotalSeconds:0} s", "");
        }
        catch (HttpRequestException e)
        {
            return new SweepOutcome(request, traceId, null, $"no answer ({e.Message})", "");
        }
    }

    /// <summary>
    /// The simulator stands in for JD Edwards AIS, which answers a failing form step (an unknown business unit, a bad
    /// date, an unknown orchestration) with HTTP 500 and a ServiceErrorResponse. That is the contract the portal's client
    /// is built against, not a crash; a crash leaves the portal's own ProblemDetails instead.
    /// </summary>
    private static bool IsAisError(SweepRequest request, HttpResponseMessage response, string body)
    {
        if (!request.Target.StartsWith("/jde-sim/", StringComparison.Ordinal) || response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return false;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("exception", out _)
                && ((root.TryGetProperty("status", out var status) && status.ValueEquals("ERROR"))
                    || (root.TryGetProperty("jde__status", out var jdeStatus) && jdeStatus.ValueEquals("ERROR")));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Events of other portals in this test process can land here: Serilog's request-logging middleware writes through
    /// the static <c>Log.Logger</c> (the last portal started), and other middleware's events were seen to follow it
    /// (another test's deliberate 500 from its exception handler). Such events carry their
    /// own requests' trace ids, never one of this sweep's. This portal's own background work started by a sweep request
    /// carries that request's trace id, and work with no request behind it carries none; both still count.
    /// </summary>
    private static bool IsAnotherPortalsEvent(LogEvent logEvent, Dictionary<string, SweepOutcome> byTrace) =>
        logEvent.TraceId is { } trace && !byTrace.ContainsKey(trace.ToHexString());

    /// <summary>
    /// Error events of a request already listed as a failure are shown in its line (the exception behind the 500), so
    /// the two lists do not repeat each other. Serilog's request log writes every 5xx at Error: for the simulator's AIS
    /// error answers that only restates the contract. Every other Error event is a finding: one logged under a 4xx or
    /// a 2xx, one from the simulator behind an AIS answer, one from no sweep request at all.
    /// </summary>
    private static bool IsExplainedByAJudgedAnswer(LogEvent logEvent, Dictionary<string, SweepOutcome> byTrace) =>
        logEvent.TraceId is { } trace && byTrace.TryGetValue(trace.ToHexString(), out var outcome)
        && (outcome.Failure is not null || (outcome.IsAisError && logEvent.Exception is null && SourceOf(logEvent) == RequestLogSource));

    private static string ExceptionOf(string traceId, List<LogEvent> events) =>
        events.Where(e => e.TraceId?.ToHexString() == traceId && e.Exception is not null).Select(e => Describe(e.Exception!)).FirstOrDefault() ?? "";

    private static string DescribeEvent(LogEvent logEvent, Dictionary<string, SweepOutcome> byTrace)
    {
        var during = logEvent.TraceId is { } trace && byTrace.TryGetValue(trace.ToHexString(), out var outcome)
            ? outcome.Request.ToString()
            : "no sweep request";
        var exception = logEvent.Exception is { } e ? $" [{Describe(e)}]" : "";
        return $"{logEvent.Level} {SourceOf(logEvent)}: {HostileValues.Printable(logEvent.RenderMessage(CultureInfo.InvariantCulture), 300)}{exception} — during {during}";
    }

    /// <summary>The exception and, when it wraps one (EF Core's DbUpdateException), the one that caused it.</summary>
    private static string Describe(Exception exception)
    {
        var cause = exception.GetBaseException();
        var what = $"{exception.GetType().FullName}: {HostileValues.Printable(FirstLine(exception.Message), 200)}";
        return cause == exception ? what : $"{what} ← {cause.GetType().FullName}: {HostileValues.Printable(FirstLine(cause.Message), 200)}";
    }

    private static string? SourceOf(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("SourceContext", out var value) && value is ScalarValue { Value: string source } ? source : null;

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r');

    /// <summary>The whole picture in the test output: what was walked, how long it took, and the failures grouped by slot.</summary>
    private void WriteReport(
        List<SweepEndpoint> endpoints, List<SweepOutcome> outcomes, List<string> failures, List<string> errors, int allErrorEvents,
        TimeSpan arranged, TimeSpan total)
    {
        output.WriteLine($"{fixture.Provider}: {endpoints.Count} endpoints, {outcomes.Count} requests, arranged in {arranged.TotalSeconds:0.0} s, " +
            $"swept in {(total - arranged).TotalSeconds:0.0} s");
        foreach (var group in outcomes.GroupBy(o => o.Request.Name).OrderByDescending(g => g.Count()))
        {
            output.WriteLine($"  {group.Count(),5} requests  {group.Key}");
        }

        output.WriteLine($"5xx, no answer or accepted against the text rule: {failures.Count}; by slot:");
        foreach (var group in outcomes.Where(o => o.Failure is not null).GroupBy(o => $"{o.Request.Name} {o.Request.Slot} → {o.Failure}"))
        {
            output.WriteLine($"  {group.Key}: {string.Join(", ", group.Select(o => o.Request.Value))}");
        }

        output.WriteLine($"AIS error answers of the simulator (its contract, not failures): {outcomes.Count(o => o.IsAisError)}");
        output.WriteLine($"Error log events: {allErrorEvents}, of which not explained by a failure above: {errors.Count}");
        foreach (var error in errors)
        {
            output.WriteLine("  " + error);
        }

        output.WriteLine("All failures:");
        foreach (var failure in failures)
        {
            output.WriteLine("  " + failure);
        }
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteHostileInputSweepTests(SqliteLogCapturingPortalFixture fixture, ITestOutputHelper output)
    : HostileInputSweepTests<SqliteLogCapturingPortalFixture>(fixture, output), IClassFixture<SqliteLogCapturingPortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresHostileInputSweepTests(PostgresLogCapturingPortalFixture fixture, ITestOutputHelper output)
    : HostileInputSweepTests<PostgresLogCapturingPortalFixture>(fixture, output), IClassFixture<PostgresLogCapturingPortalFixture>;
