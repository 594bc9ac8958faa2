using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Portal.Components.Pages.Admin;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static BakeryOps.Tests.TestInfrastructure.PortalTestContext;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>The Admin "Audit log" page over a real SQLite audit table: rows newest first, filters, the export link, live rows, empty and error states.</summary>
[Trait("Category", "Sqlite")]
public sealed class AuditLogPageTests : IAsyncLifetime
{
    private static readonly AuditActor Alice = new("alice", AuditActorKinds.User, "10.0.0.4");
    private TestDatabase _database = default!;
    private AuditLog _log = default!;
    private PortalTestContext _ctx = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        var notifications = new AuditNotifications();
        _log = new AuditLog(_database.ContextFactory(), notifications, TimeProvider.System, NullLogger<AuditLog>.Instance);
        await _log.RecordAsync(new AuditEntry(AuditCategories.SignIn, "sign-in", AuditOutcomes.Failure, AuditActor.Anonymous("mallory", "10.9.9.9"), "mallory", null, "local"));
        await _log.RecordAsync(new AuditEntry(AuditCategories.User, "lock", AuditOutcomes.Success, Alice, "bob", null, "page"));
        AuditLogPage.ReloadWindow = TimeSpan.FromMilliseconds(50);

        _ctx = new PortalTestContext();
        _ctx.Services.AddSingleton(notifications);
        _ctx.Services.AddSingleton(new AuditReader(_database.ContextFactory()));
        _ctx.SignIn("admin", Roles.Admin);
        _ctx.StartCircuit();
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public void Page_WhenOpened_ThenRowsNewestFirstWithActorAndTarget()
    {
        var cut = RenderPage();

        cut.WaitForAssertion(() => Targets(cut).Should().Equal("bob", "mallory"), Wait);
        cut.FindAll(".audit-actor").Select(a => a.TextContent).Should().Equal("alice", "mallory");
        cut.Find("#audit-export").GetAttribute("href").Should().Be("audit/events?format=csv");
    }

    [Fact]
    public async Task Filters_WhenActorAndOutcomeAreSet_ThenTheGridAndTheExportLinkFollowThem()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Targets(cut).Should().HaveCount(2), Wait);

        await cut.Find("#audit-actor").InputAsync(new ChangeEventArgs { Value = "MALL" });

        cut.WaitForAssertion(() => Targets(cut).Should().Equal("mallory"), Wait);
        cut.WaitForAssertion(() => cut.Find("#audit-export").GetAttribute("href").Should().Be("audit/events?actor=MALL&format=csv"), Wait);

        await _ctx.SelectAsync(cut, "#audit-outcome", AuditOutcomes.Success);

        cut.WaitForAssertion(() => cut.Find("#audit-empty").TextContent.Should().Contain("No audit events match"), Wait);
        cut.WaitForAssertion(() => cut.Find("#audit-export").GetAttribute("href").Should().Be("audit/events?outcome=success&actor=MALL&format=csv"), Wait);
    }

    [Fact]
    public async Task Recorded_WhenNewRowsArrive_ThenTheyAppearWithoutAReload()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Targets(cut).Should().HaveCount(2), Wait);

        await _log.RecordAsync(new AuditEntry(AuditCategories.Job, "run", AuditOutcomes.Success, Alice, "cardex-sync", null, "page"));
        await _log.RecordAsync(new AuditEntry(AuditCategories.Job, "pause", AuditOutcomes.Success, Alice, "item-master-sync", null, "page"));

        cut.WaitForAssertion(() => Targets(cut).Should().Equal("item-master-sync", "cardex-sync", "bob", "mallory"), Wait);
    }

    [Fact]
    public async Task Filters_WhenTheSearchHoldsAControlCharacter_ThenTheErrorIsShown()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Targets(cut).Should().HaveCount(2), Wait);

        await cut.Find("#audit-search").InputAsync(new ChangeEventArgs { Value = "bad\u0001text" });

        cut.WaitForAssertion(() => cut.Find("#audit-error").TextContent.Should().NotBeEmpty(), Wait);
    }

    private IRenderedComponent<AuditLogPage> RenderPage() => _ctx.Render<AuditLogPage>();

    private static List<string> Targets(IRenderedComponent<AuditLogPage> cut) => [.. cut.FindAll(".audit-target").Select(t => t.TextContent)];
}
