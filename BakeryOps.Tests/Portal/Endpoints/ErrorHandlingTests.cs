using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Endpoints;

/// <summary>ProblemDetails for API errors with no stack traces outside Development; HTML pages for browsers; CORS.</summary>
[Trait("Category", "Sqlite")]
public sealed class ErrorHandlingTests : IAsyncLifetime
{
    private const string AllowedOrigin = "https://planning.example.com";
    private readonly SqliteTestDatabase _database = new();
    private PortalFactory _factory = null!;

    public Task InitializeAsync()
    {
        _factory = new PortalFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = _database.ConnectionString,
            ["Cors:AllowedOrigins:0"] = AllowedOrigin,
        });
        // A request to /test/explode reaches this only after the portal's pipeline found no endpoint.
        ThrowingStartupFilter.Register(_factory);
        _ = _factory.BaseAddress;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task UnhandledException_WhenOutsideDevelopment_Then500ProblemDetailsWithoutTheStackTrace()
    {
        using var client = await SignedInClientAsync();

        using var response = await client.GetAsync("test/explode");
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        text.Should().NotContain("secret detail").And.NotContain("ThrowingStartupFilter").And.NotContain(" at ");
        JsonDocument.Parse(text).RootElement.GetProperty("traceId").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task UnknownApiPath_WhenSignedIn_Then404ProblemDetails()
    {
        using var client = await SignedInClientAsync();

        using var response = await client.GetAsync("no/such/endpoint");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32().Should().Be(404);
    }

    [Fact]
    public async Task UnknownPage_WhenABrowserAsks_ThenTheNotFoundPage()
    {
        using var client = await SignedInClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "no/such/page");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Contain("There is nothing at this address.");
    }

    [Theory]
    [InlineData(AllowedOrigin, true)]
    [InlineData("https://elsewhere.example.com", false)]
    public async Task Cors_WhenABrowserPreflightsTheApi_ThenOnlyConfiguredOriginsAreAllowed(string origin, bool allowed)
    {
        using var client = _factory.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, "token");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");

        using var response = await client.SendAsync(request);

        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values).Should().Be(allowed);
        if (allowed)
        {
            values.Should().Equal(origin);
        }
    }

    [Fact]
    public async Task Cors_WhenABrowserReadsADataList_ThenItMaySeeTheTotalAndTheCsvFileName()
    {
        using var client = await SignedInClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "data/df_bakery_ops_expanded?size=1&format=csv");
        request.Headers.Add("Origin", AllowedOrigin);

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("Access-Control-Expose-Headers").SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries))
            .Should().Contain(["X-Total-Count", "Content-Disposition"]);
    }

    [Fact]
    public async Task DataProtectionKeys_WhenThePortalHasIssuedACookie_ThenAreStoredInTheDatabase()
    {
        await using var db = _database.CreateContext();

        var keys = await db.DataProtectionKeys.CountAsync();

        keys.Should().BeGreaterThan(0);
    }

    private async Task<HttpClient> SignedInClientAsync()
    {
        var client = _factory.CreateHttpClient();
        return client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));
    }

    private sealed class ThrowingStartupFilter : IStartupFilter
    {
        public static void Register(PortalFactory factory) => factory.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ThrowingStartupFilter>());

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate following) => context.Request.Path == "/test/explode"
                ? throw new InvalidOperationException("secret detail")
                : following(context));
        };
    }
}
