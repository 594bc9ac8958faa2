using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Identity;

/// <summary>
/// The configured rate limits: failed /token attempts per user name, sign-in attempts per client address, API requests
/// per principal; each refusal is 429 ProblemDetails with Retry-After. Every test uses its own client addresses and
/// user names, so the shared portal's limits do not leak between tests.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class RateLimitTests(RateLimitedPortalFixture fixture) : IClassFixture<RateLimitedPortalFixture>
{
    private const string Password = "Rate-limit-Passw0rd!";

    [Fact]
    public async Task Token_WhenAUserNameFailsTheConfiguredTimes_Then429WithRetryAfterEvenWithTheRightPasswordAndFromAnotherAddress()
    {
        await fixture.CreateUserAsync("victim-1", Password, Roles.Viewer);
        using var attacker = LoopbackClients.From(fixture, "127.0.0.10");
        using var victim = LoopbackClients.From(fixture, "127.0.0.11");

        var failures = new List<HttpStatusCode>();
        for (var i = 0; i < RateLimitedPortalFixture.FailuresPerUserName; i++)
        {
            using var failed = await attacker.PostAsync("token", Form("victim-1", $"wrong-password-{i}"));
            failures.Add(failed.StatusCode);
        }

        using var blocked = await attacker.PostAsync("token", Form("victim-1", Password));
        using var blockedElsewhere = await victim.PostAsync("token", Json("VICTIM-1", Password));

        failures.Should().AllBeEquivalentTo(HttpStatusCode.Unauthorized);
        await ShouldBeTooManyRequestsAsync(blocked, "/token");
        blockedElsewhere.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "the limit is per user name, case-insensitive, from any address");
        await using var db = await fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditEvents.Where(e => e.Target == "victim-1" && e.Category == AuditCategories.Security).ToListAsync();
        var row = audit.Should().ContainSingle("one row when the limit is reached, none for each refusal").Subject;
        row.Category.Should().Be(AuditCategories.Security);
        row.Action.Should().Be("token-attempts-limited");
        row.Outcome.Should().Be(AuditOutcomes.Denied);
        row.Address.Should().Be("127.0.0.10");
        row.Method.Should().Be("password");
    }

    [Fact]
    public async Task Token_WhenAnAttackerFailsOnAnotherUserName_ThenAValidUserFromAnotherAddressSignsIn()
    {
        await fixture.CreateUserAsync("victim-2", Password, Roles.Viewer);
        await fixture.CreateUserAsync("colleague-2", Password, Roles.Viewer);
        using var attacker = LoopbackClients.From(fixture, "127.0.0.20");
        using var colleague = LoopbackClients.From(fixture, "127.0.0.21");
        for (var i = 0; i <= RateLimitedPortalFixture.FailuresPerUserName; i++)
        {
            using var _ = await attacker.PostAsync("token", Form("victim-2", "wrong-password"));
        }

        using var signIn = await colleague.PostAsync("token", Form("colleague-2", Password));

        signIn.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_WhenOneAddressExceedsItsAttempts_Then429ForItButNotForAnotherAddress()
    {
        await fixture.CreateUserAsync("user-3", Password, Roles.Viewer);
        using var sprayer = LoopbackClients.From(fixture, "127.0.0.30");
        using var other = LoopbackClients.From(fixture, "127.0.0.31");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < RateLimitedPortalFixture.SignInsPerAddress; i++)
        {
            // A different name each time: the per-name limit never fills, only the address's.
            using var attempt = await sprayer.PostAsync("token", Form($"sprayed-{i}", "wrong-password"));
            statuses.Add(attempt.StatusCode);
        }

        using var blocked = await sprayer.PostAsync("token", Form("user-3", Password));
        using var fromOther = await other.PostAsync("token", Form("user-3", Password));

        statuses.Should().AllBeEquivalentTo(HttpStatusCode.Unauthorized);
        await ShouldBeTooManyRequestsAsync(blocked, "/token");
        fromOther.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_WhenAUserSignsInSuccessfullyOften_ThenSuccessesDoNotCountAgainstTheUserName()
    {
        await fixture.CreateUserAsync("script-4", Password, Roles.Viewer);
        var statuses = new List<HttpStatusCode>();

        // Spread over addresses so that only the per-name rule could refuse them.
        for (var i = 0; i < RateLimitedPortalFixture.FailuresPerUserName + 2; i++)
        {
            using var client = LoopbackClients.From(fixture, $"127.0.1.{i + 1}");
            using var response = await client.PostAsync("token", Form("script-4", Password));
            statuses.Add(response.StatusCode);
        }

        statuses.Should().AllBeEquivalentTo(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Api_WhenAPrincipalExceedsItsRequests_Then429ForItButNotForAnotherPrincipal()
    {
        await fixture.CreateUserAsync("busy-5", Password, Roles.Viewer);
        await fixture.CreateUserAsync("calm-5", Password, Roles.Viewer);
        using var busy = LoopbackClients.From(fixture, "127.0.0.50");
        using var calm = LoopbackClients.From(fixture, "127.0.0.50");
        busy.WithBearer(await busy.GetTokenAsync("busy-5", Password));
        calm.WithBearer(await calm.GetTokenAsync("calm-5", Password));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < RateLimitedPortalFixture.ApiPerPrincipal; i++)
        {
            using var response = await busy.GetAsync("me");
            statuses.Add(response.StatusCode);
        }

        using var blocked = await busy.GetAsync("me");
        using var other = await calm.GetAsync("me");

        statuses.Should().AllBeEquivalentTo(HttpStatusCode.OK);
        await ShouldBeTooManyRequestsAsync(blocked, "/me");
        other.StatusCode.Should().Be(HttpStatusCode.OK, "the same address, another principal");
    }

    [Fact]
    public async Task LoginForm_WhenOneAddressExceedsItsAttempts_Then429()
    {
        using var client = LoopbackClients.From(fixture, "127.0.0.60");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < RateLimitedPortalFixture.SignInsPerAddress; i++)
        {
            // Without the antiforgery token the page refuses the post, but the attempt still counts.
            using var attempt = await client.PostAsync("login", LoginForm($"guess-{i}", "wrong-password"));
            statuses.Add(attempt.StatusCode);
        }

        using var blocked = await client.PostAsync("login", LoginForm("guess", "wrong-password"));

        statuses.Should().NotContain(HttpStatusCode.TooManyRequests);
        await ShouldBeTooManyRequestsAsync(blocked, "/login");
    }

    [Fact]
    public async Task LoginForm_WhenABrowserExceedsItsAttempts_ThenTheSignInPageSaysHowLongToWait()
    {
        using var client = LoopbackClients.From(fixture, "127.0.0.61");
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml");
        for (var i = 0; i < RateLimitedPortalFixture.SignInsPerAddress; i++)
        {
            using var attempt = await client.PostAsync("login?ReturnUrl=%2Fbakery-ops-data", LoginForm($"guess-{i}", "wrong-password"));
            attempt.StatusCode.Should().NotBe(HttpStatusCode.SeeOther);
        }

        using var blocked = await client.PostAsync("login?ReturnUrl=%2Fbakery-ops-data", LoginForm("guess", "wrong-password"));

        blocked.StatusCode.Should().Be(HttpStatusCode.SeeOther, "a browser gets the page back, not JSON");
        blocked.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(RateLimitedPortalFixture.Window);
        var seconds = (int)blocked.Headers.RetryAfter.Delta!.Value.TotalSeconds;
        blocked.Headers.Location!.OriginalString.Should().Be($"/login?limited={seconds}&ReturnUrl=%2Fbakery-ops-data");
        using var page = await client.GetAsync(blocked.Headers.Location.OriginalString);
        page.StatusCode.Should().Be(HttpStatusCode.OK, "showing the page is no sign-in attempt");
        var html = await page.Content.ReadAsStringAsync();
        html.Should().Contain("id=\"login-error\"").And.Contain($"Too many sign-in attempts from your address. Try again in {(seconds + 59) / 60} minutes.");
    }

    private static async Task ShouldBeTooManyRequestsAsync(HttpResponseMessage response, string path)
    {
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter.Should().NotBeNull();
        response.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(RateLimitedPortalFixture.Window);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().Should().Be(429);
        problem.GetProperty("title").GetString().Should().Be("Too many requests");
        problem.GetProperty("instance").GetString().Should().Be(path);
        response.Headers.Should().Contain(h => h.Key == "Content-Security-Policy");
    }

    private static FormUrlEncodedContent Form(string userName, string password) => new(new Dictionary<string, string>
    {
        ["username"] = userName,
        ["password"] = password,
    });

    private static JsonContent Json(string userName, string password) => JsonContent.Create(new { username = userName, password });

    private static FormUrlEncodedContent LoginForm(string userName, string password) => new(new Dictionary<string, string>
    {
        ["_handler"] = "login",
        ["Input.UserName"] = userName,
        ["Input.Password"] = password,
    });
}

/// <summary>A portal with small rate limits, and a lockout high enough never to be the one that answers.</summary>
public sealed class RateLimitedPortalFixture : PortalFixture
{
    public const int FailuresPerUserName = 3;
    public const int SignInsPerAddress = 6;
    public const int ApiPerPrincipal = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["RateLimits:SignInPerAddress:PermitLimit"] = SignInsPerAddress.ToString(),
        ["RateLimits:SignInPerAddress:Window"] = Window.ToString(),
        ["RateLimits:TokenFailuresPerUserName:PermitLimit"] = FailuresPerUserName.ToString(),
        ["RateLimits:TokenFailuresPerUserName:Window"] = Window.ToString(),
        ["RateLimits:ApiPerPrincipal:PermitLimit"] = ApiPerPrincipal.ToString(),
        ["RateLimits:ApiPerPrincipal:Window"] = Window.ToString(),
        ["Security:Lockout:MaxFailedAccessAttempts"] = "100",
    };
}
