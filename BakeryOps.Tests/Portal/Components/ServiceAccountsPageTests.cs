using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Identity.ServiceAccounts;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Portal.Components.Pages.Admin;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static BakeryOps.Tests.TestInfrastructure.PortalTestContext;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>The Admin "Service accounts" page over a real SQLite database, signed in as <c>admin</c>.</summary>
public sealed class ServiceAccountsPageTests : IAsyncLifetime
{
    private TestDatabase _database = default!;
    private ServiceAccountService _accounts = default!;
    private PortalTestContext _ctx = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        await using (var db = _database.CreateContext())
        {
            db.Facilities.Add(new Facility { Id = "bakery_north", Name = "North", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var notifications = new ServiceAccountNotifications();
        var audit = new AuditLog(_database.ContextFactory(), new AuditNotifications(), TimeProvider.System, NullLogger<AuditLog>.Instance);
        _accounts = new ServiceAccountService(_database.ContextFactory(), audit, notifications, Options.Create(new ServiceAccountOptions()),
            TimeProvider.System, NullLogger<ServiceAccountService>.Instance);

        _ctx = new PortalTestContext();
        _ctx.Services.AddSingleton(_accounts).AddSingleton(notifications);
        _ctx.SignIn("admin", Roles.Admin);
        _ctx.StartCircuit();
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Create_WhenSaved_ThenTheSecretIsShownOnceWithACopyButtonAndTheRowIsListed()
    {
        var cut = RenderPage();
        await ClickAsync(cut, "#sa-new-open");
        _ctx.Dialogs.WaitForElement("#sa-name", Wait);
        _ctx.Dialogs.Find("#sa-role-Integration").HasAttribute("checked").Should().BeTrue("Integration is the default role");
        await ChangeAsync(_ctx.Dialogs, "#sa-name", "ERP connector");
        await ChangeAsync(_ctx.Dialogs, "#sa-facility-bakery_north", true);

        await ClickAsync(_ctx.Dialogs, "#sa-create-save");

        _ctx.Dialogs.WaitForElement("#sa-issued-secret", Wait);
        var clientId = _ctx.Dialogs.Find("#sa-issued-client-id").TextContent.Trim();
        var secret = _ctx.Dialogs.Find("#sa-issued-secret").TextContent.Trim();
        (await _accounts.VerifyAsync(clientId, secret, null)).Should().NotBeNull("the shown secret is the account's");
        await ClickAsync(_ctx.Dialogs, "#sa-issued-copy");
        _ctx.JSInterop.VerifyInvoke("navigator.clipboard.writeText").Arguments.Should().Equal(secret);

        await ClickAsync(_ctx.Dialogs, "#sa-issued-close");

        _ctx.Dialogs.WaitForAssertion(() => _ctx.Dialogs.FindAll("#sa-issued-secret").Should().BeEmpty(), Wait);
        cut.WaitForAssertion(() => cut.FindAll($".sa-name[data-client='{clientId}']").Should().ContainSingle(), Wait);
        Row(cut, clientId).QuerySelector(".sa-facilities")!.TextContent.Should().Be("bakery_north");
        Row(cut, clientId).QuerySelector(".sa-last-used")!.TextContent.Should().NotBe("Never", "the shown secret was just used");
        cut.Markup.Should().NotContain(secret);
        _ctx.Dialogs.Markup.Should().NotContain(secret);
    }

    [Fact]
    public async Task Create_WhenTheNameIsEmpty_ThenTheFieldShowsTheMessageAndNothingIsSaved()
    {
        var cut = RenderPage();
        await ClickAsync(cut, "#sa-new-open");
        _ctx.Dialogs.WaitForElement("#sa-name", Wait);

        await ClickAsync(_ctx.Dialogs, "#sa-create-save");

        _ctx.Dialogs.WaitForAssertion(() => FieldText(_ctx.Dialogs, "#sa-name").Should().Contain("needs a name"), Wait);
        (await _accounts.ListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Rotate_WhenConfirmed_ThenTheNewSecretIsShownAndTheRowCountsTwoSecrets()
    {
        var issued = await _accounts.CreateAsync(new NewServiceAccount("Feed", null, null), new AuditActor("admin", AuditActorKinds.User, null));
        var cut = RenderPage();
        cut.WaitForElement($".sa-rotate[data-client='{issued.ClientId}']", Wait);

        var rotating = cut.Find($".sa-rotate[data-client='{issued.ClientId}']").ClickAsync(new MouseEventArgs());
        _ctx.Dialogs.WaitForAssertion(() => _ctx.Dialogs.Markup.Should().Contain("Issue a new secret for Feed?"), Wait);
        await _ctx.Dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Rotate").ClickAsync(new MouseEventArgs());
        await rotating.WaitAsync(Wait);

        _ctx.Dialogs.WaitForElement("#sa-issued-overlap", Wait);
        var secret = _ctx.Dialogs.Find("#sa-issued-secret").TextContent.Trim();
        secret.Should().NotBe(issued.ClientSecret);
        (await _accounts.VerifyAsync(issued.ClientId, secret, null)).Should().NotBeNull();
        await ClickAsync(_ctx.Dialogs, "#sa-issued-close");
        cut.WaitForAssertion(() => Row(cut, issued.ClientId).QuerySelector(".sa-secrets")!.TextContent.Should().StartWith("2 (the previous one until"), Wait);
    }

    [Fact]
    public async Task Delete_WhenConfirmed_ThenTheRowDisappears()
    {
        var issued = await _accounts.CreateAsync(new NewServiceAccount("Leaving", null, null), new AuditActor("admin", AuditActorKinds.User, null));
        var cut = RenderPage();
        cut.WaitForElement($".sa-delete[data-client='{issued.ClientId}']", Wait);

        var deleting = cut.Find($".sa-delete[data-client='{issued.ClientId}']").ClickAsync(new MouseEventArgs());
        _ctx.Dialogs.WaitForAssertion(() => _ctx.Dialogs.Markup.Should().Contain($"Delete Leaving ({issued.ClientId})?"), Wait);
        await _ctx.Dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").ClickAsync(new MouseEventArgs());
        await deleting.WaitAsync(Wait);

        cut.WaitForAssertion(() => cut.FindAll($".sa-name[data-client='{issued.ClientId}']").Should().BeEmpty(), Wait);
        (await _accounts.FindAsync(issued.ClientId)).Should().BeNull();
    }

    [Fact]
    public async Task List_WhenAnotherAdminCreatesAndUsesAnAccount_ThenTheRowAppearsWithItsLastUseWithoutAReload()
    {
        var cut = RenderPage();
        cut.WaitForElement("#sa-none", Wait);

        var issued = await _accounts.CreateAsync(new NewServiceAccount("Elsewhere", [Roles.Viewer], null), new AuditActor("other", AuditActorKinds.User, null));

        cut.WaitForAssertion(() => cut.FindAll($".sa-name[data-client='{issued.ClientId}']").Should().ContainSingle(), Wait);
        await _accounts.VerifyAsync(issued.ClientId, issued.ClientSecret, "10.2.3.4");
        await _accounts.RotateSecretAsync(issued.ClientId, new AuditActor("other", AuditActorKinds.User, null));
        cut.WaitForAssertion(() => Row(cut, issued.ClientId).QuerySelector(".sa-last-used")!.TextContent.Should().EndWith("from 10.2.3.4"), Wait);
    }

    private IRenderedComponent<ServiceAccounts> RenderPage()
    {
        var cut = _ctx.Render<ServiceAccounts>();
        cut.WaitForElement("#sa-grid", Wait);
        return cut;
    }

    private static Task ClickAsync(IRenderedComponent<IComponent> cut, string selector) => cut.Find(selector).ClickAsync(new MouseEventArgs());

    private static Task ChangeAsync(IRenderedComponent<IComponent> cut, string selector, object value) =>
        cut.Find(selector).ChangeAsync(new ChangeEventArgs { Value = value });

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<ServiceAccounts> cut, string clientId) =>
        cut.Find($".sa-name[data-client='{clientId}']").Closest("tr")!;
}
