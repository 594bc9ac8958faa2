using System.Net;
using System.Text.RegularExpressions;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Endpoints;

/// <summary>
/// Walks every endpoint the portal maps and proves an anonymous caller is turned away: API endpoints with 401,
/// pages with a redirect to the login page. Only the list below may answer anonymous callers.
/// Endpoints added by later work are picked up automatically.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed partial class AnonymousAccessTests(SqlitePortalFixture fixture) : IClassFixture<SqlitePortalFixture>
{
    private static readonly HashSet<string> AnonymousRoutes = new(StringComparer.OrdinalIgnoreCase)
    {
        "/health", "/health/ready", "/health/live", "/token", "/login", "/not-found", "/error",
        // "Sign in with Microsoft" and its completion: 404 while AzureAd is not configured.
        "/signin/entra", "/signin/entra/complete",
    };

    [Fact]
    public async Task EveryMappedEndpoint_WhenCalledAnonymously_ThenIsRefusedUnlessOnTheAnonymousList()
    {
        var endpoints = MappedEndpoints().ToList();
        using var client = fixture.CreateClient();
        var failures = new List<string>();

        foreach (var (method, path, isPage, isStaticAsset) in endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
            if (isPage)
            {
                request.Headers.Accept.ParseAdd("text/html");
            }

            using var response = await client.SendAsync(request);
            // The JD Edwards simulator stands in for an external AIS server: its callers authenticate to it, not to the
            // portal, and it answers bad AIS credentials with AIS's own 403 or 444.
            var simulator = path.StartsWith("/jde-sim/", StringComparison.Ordinal);
            var anonymous = isStaticAsset || AnonymousRoutes.Contains(path) || simulator;
            var refused = isPage
                ? response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/login?ReturnUrl=", StringComparison.Ordinal)
                : response.StatusCode == HttpStatusCode.Unauthorized;

            if (anonymous && (response.StatusCode == HttpStatusCode.Unauthorized || (!simulator && response.StatusCode == HttpStatusCode.Forbidden) || refused))
            {
                failures.Add($"{method} {path} is on the anonymous list but answered {(int)response.StatusCode}");
            }
            else if (!anonymous && !refused)
            {
                failures.Add($"{method} {path} answered an anonymous caller with {(int)response.StatusCode}");
            }
        }

        endpoints.Should().Contain(e => e.Path == "/me").And.Contain(e => e.Path == "/admin/cleanup-sessions").And.Contain(e => e.Path == "/")
            .And.Contain(e => e.Path == "/audit/events").And.Contain(e => e.Path == "/admin/audit");
        // The Admin APIs share their paths with the Admin pages: both kinds are walked, and both refuse.
        endpoints.Should().Contain(e => e.Path == "/admin/users" && e.Method == "GET" && !e.IsPage)
            .And.Contain(e => e.Path == "/admin/users" && e.Method == "GET" && e.IsPage)
            .And.Contain(e => e.Path == "/admin/users" && e.Method == "POST" && !e.IsPage)
            .And.Contain(e => e.Path == "/admin/users/x/roles" && e.Method == "PUT")
            .And.Contain(e => e.Path == "/admin/users/x/lock" && e.Method == "POST")
            .And.Contain(e => e.Path == "/admin/users/x/unlock" && e.Method == "POST")
            .And.Contain(e => e.Path == "/admin/users/x" && e.Method == "DELETE")
            .And.Contain(e => e.Path == "/admin/service-accounts" && e.Method == "GET" && !e.IsPage)
            .And.Contain(e => e.Path == "/admin/service-accounts" && e.Method == "GET" && e.IsPage)
            .And.Contain(e => e.Path == "/admin/service-accounts" && e.Method == "POST" && !e.IsPage)
            .And.Contain(e => e.Path == "/admin/service-accounts/x/rotate-secret" && e.Method == "POST")
            .And.Contain(e => e.Path == "/admin/service-accounts/x" && e.Method == "DELETE");
        failures.Should().BeEmpty();
    }

    [Theory]
    [InlineData("docs")]
    [InlineData("docs/index.html")]
    public async Task ApiDocsPage_WhenAnonymous_ThenRedirectsToLogin(string path)
    {
        using var client = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Contain("/login?ReturnUrl=");
    }

    private IEnumerable<(string Method, string Path, bool IsPage, bool IsStaticAsset)> MappedEndpoints()
    {
        var source = fixture.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var isStaticAsset = endpoint.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor");
            var path = "/" + Parameter().Replace(endpoint.RoutePattern.RawText!.TrimStart('/'), m => m.Value.Contains(":int", StringComparison.Ordinal) ? "1" : "x");
            var isPage = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods.Where(m => m != "OPTIONS" && m != "HEAD"))
            {
                yield return (method, path, isPage, isStaticAsset);
            }
        }
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
