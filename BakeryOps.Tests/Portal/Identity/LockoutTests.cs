using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Identity;

/// <summary>
/// Identity lockout on the configured count and duration, on <c>POST /token</c> and on the sign-in page; the lock as
/// the Admin's Users list shows it, and the unlock. The rate limits are set out of the way.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed partial class LockoutTests(LockoutPortalFixture fixture) : IClassFixture<LockoutPortalFixture>
{
    private const string Password = "Lockout-Passw0rd!";

    [Fact]
    public async Task Token_WhenThePasswordIsWrongTheConfiguredTimes_ThenLockedForTheConfiguredDurationAndUnlockLetsItIn()
    {
        await fixture.CreateUserAsync("locked-1", Password, Roles.Viewer);
        using var client = fixture.CreateClient();
        var beforeLast = DateTimeOffset.UtcNow;
        var wrong = new List<HttpStatusCode>();
        for (var i = 0; i < LockoutPortalFixture.MaxFailedAccessAttempts; i++)
        {
            using var failed = await client.PostAsync("token", Form("locked-1", $"wrong-password-{i}"));
            wrong.Add(failed.StatusCode);
        }

        using var rightPassword = await client.PostAsync("token", Form("locked-1", Password));
        var administration = fixture.Services.GetRequiredService<UserAdministration>();
        var row = (await administration.ListAsync()).Single(u => u.UserName == "locked-1");

        wrong.Should().AllBeEquivalentTo(HttpStatusCode.Unauthorized);
        rightPassword.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await rightPassword.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()
            .Should().Be("The account is locked after repeated failed sign-ins; try again later.");
        row.IsLockedOut.Should().BeTrue();
        row.IsLockedIndefinitely.Should().BeFalse();
        row.LockedOutUntil.Should().BeCloseTo(beforeLast + LockoutPortalFixture.Duration, TimeSpan.FromSeconds(30));

        (await administration.UnlockAsync("locked-1", "admin")).Succeeded.Should().BeTrue();
        using var afterUnlock = await client.PostAsync("token", Form("locked-1", Password));

        afterUnlock.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_WhenOneFailureShortOfTheLimit_ThenTheRightPasswordStillWorks()
    {
        await fixture.CreateUserAsync("almost-2", Password, Roles.Viewer);
        using var client = fixture.CreateClient();
        for (var i = 0; i < LockoutPortalFixture.MaxFailedAccessAttempts - 1; i++)
        {
            using var _ = await client.PostAsync("token", Form("almost-2", "wrong-password"));
        }

        using var signIn = await client.PostAsync("token", Form("almost-2", Password));

        signIn.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_WhenAnAttackerLocksOneUser_ThenAnotherUserFromAnotherAddressIsNotLockedOut()
    {
        await fixture.CreateUserAsync("victim-3", Password, Roles.Viewer);
        await fixture.CreateUserAsync("colleague-3", Password, Roles.Viewer);
        using var attacker = LoopbackClients.From(fixture, "127.0.0.40");
        using var colleague = LoopbackClients.From(fixture, "127.0.0.41");
        for (var i = 0; i < LockoutPortalFixture.MaxFailedAccessAttempts + 2; i++)
        {
            using var _ = await attacker.PostAsync("token", Form("victim-3", "wrong-password"));
        }

        using var signIn = await colleague.PostAsync("token", Form("colleague-3", Password));
        var rows = await fixture.Services.GetRequiredService<UserAdministration>().ListAsync();

        signIn.StatusCode.Should().Be(HttpStatusCode.OK);
        rows.Single(u => u.UserName == "victim-3").IsLockedOut.Should().BeTrue();
        rows.Single(u => u.UserName == "colleague-3").IsLockedOut.Should().BeFalse();
    }

    [Fact]
    public async Task LoginForm_WhenThePasswordIsWrongTheConfiguredTimes_ThenThePageSaysTheAccountIsLocked()
    {
        await fixture.CreateUserAsync("locked-4", Password, Roles.Viewer);
        using var client = fixture.CreateClient(cookies: true);
        for (var i = 0; i < LockoutPortalFixture.MaxFailedAccessAttempts; i++)
        {
            using var _ = await SubmitLoginAsync(client, "locked-4", "wrong-password");
        }

        using var response = await SubmitLoginAsync(client, "locked-4", Password);
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("This account is locked after repeated failed sign-ins.");
    }

    private static async Task<HttpResponseMessage> SubmitLoginAsync(HttpClient client, string userName, string password)
    {
        var page = await client.GetStringAsync("login");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        token.Should().NotBeEmpty("the login form carries an antiforgery token");
        return await client.PostAsync("login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }

    private static FormUrlEncodedContent Form(string userName, string password) => new(new Dictionary<string, string>
    {
        ["username"] = userName,
        ["password"] = password,
    });

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

/// <summary>A portal that locks an account for 7 minutes after 3 wrong passwords, with rate limits out of the way.</summary>
public sealed class LockoutPortalFixture : PortalFixture
{
    public const int MaxFailedAccessAttempts = 3;
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(7);

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Security:Lockout:MaxFailedAccessAttempts"] = MaxFailedAccessAttempts.ToString(),
        ["Security:Lockout:Duration"] = Duration.ToString(),
    };
}
