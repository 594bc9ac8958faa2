using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Portal.Components.Pages.Admin;
using BakeryOps.Tests.Infrastructure.Identity;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BakeryOps.Tests.TestInfrastructure.PortalTestContext;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>
/// The Admin "Users" page over a real SQLite Identity store, signed in as <c>admin</c>. Events are raised with the
/// awaited bUnit helpers: the synchronous ones return before a handler runs when the renderer is busy.
/// </summary>
public sealed class UsersPageTests : IAsyncLifetime
{
    private const string Acting = "admin";

    private IdentityTestServices _identity = default!;
    private PortalTestContext _ctx = default!;

    public async Task InitializeAsync()
    {
        _identity = await IdentityTestServices.CreateAsync();
        await _identity.AddUserAsync(Acting, Roles.Admin);

        _ctx = new PortalTestContext();
        _ctx.Services.AddSingleton(_identity.Administration).AddSingleton(_identity.Services.GetRequiredService<AuditNotifications>());
        _ctx.SignIn(Acting, Roles.Admin);
        _ctx.StartCircuit();
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _identity.DisposeAsync();
    }

    [Fact]
    public async Task NewUserForm_WhenSubmittedEmpty_ThenEachFieldShowsItsMessage()
    {
        var cut = RenderPage();
        await ClickAsync(cut, "#new-user-open");

        await ClickAsync(cut, "#new-user-save");

        FieldText(cut, "#new-user-name").Should().Contain("Enter a user name.");
        FieldText(cut, "#new-user-password").Should().Contain("Enter a password.");
        FieldText(cut, "#new-user-confirm").Should().Contain("Repeat the password.");
        cut.Find("#new-user-form").TextContent.Should().Contain("Choose at least one role.");
        cut.FindAll(".user-name").Should().ContainSingle();
    }

    [Fact]
    public async Task NewUserForm_WhenPasswordsDifferAndNameHasSpaces_ThenFieldMessagesAndNothingSaved()
    {
        var cut = RenderPage();
        await ClickAsync(cut, "#new-user-open");
        await ChangeAsync(cut, "#new-user-name", "baker one");
        await ChangeAsync(cut, "#new-user-password", IdentityTestServices.StrongPassword);
        await ChangeAsync(cut, "#new-user-confirm", "Something-Else-1");
        await ChangeAsync(cut, "#new-user-role-Viewer", true);

        await ClickAsync(cut, "#new-user-save");

        FieldText(cut, "#new-user-confirm").Should().Contain("The passwords do not match.");
        FieldText(cut, "#new-user-name").Should().Contain("Use only letters, digits");
        cut.Find("#new-user-form").TextContent.Should().NotContain("Choose at least one role.");
        cut.FindAll(".user-name").Should().ContainSingle();
    }

    [Fact]
    public async Task NewUserForm_WhenTheDisplayNameHoldsAControlCharacter_ThenMessageUnderItAndNothingSaved()
    {
        var cut = RenderPage();
        await ClickAsync(cut, "#new-user-open");
        await FillNewUserAsync(cut, "baker", IdentityTestServices.StrongPassword, Roles.Viewer);
        await ChangeAsync(cut, "#new-user-display-name", "Baker\u0000One");

        await ClickAsync(cut, "#new-user-save");

        FieldText(cut, "#new-user-display-name").Should().Contain("control character U+0000");
        cut.FindAll(".user-name").Should().ContainSingle();
    }

    [Fact]
    public async Task NewUserForm_WhenValid_ThenRowIsAddedWithRolesAndSnackbarConfirms()
    {
        var cut = RenderPage();
        await ClickAsync(cut, "#new-user-open");
        await FillNewUserAsync(cut, "baker", IdentityTestServices.StrongPassword, Roles.Planner, Roles.Viewer);

        await ClickAsync(cut, "#new-user-save");

        cut.FindAll(".user-name[data-user='baker']").Should().ContainSingle();
        cut.FindAll("#new-user-form").Should().BeEmpty();
        RolesOf(cut, "baker").Should().Equal(Roles.Planner, Roles.Viewer);
        _ctx.Snackbars.WaitForAssertion(() => _ctx.Snackbars.Markup.Should().Contain("User baker created."), Wait);
        (await _identity.RolesOfAsync("baker")).Should().BeEquivalentTo(Roles.Planner, Roles.Viewer);
    }

    [Fact]
    public async Task NewUserForm_WhenIdentityRejectsPasswordOrName_ThenMessageUnderThatField()
    {
        var cut = RenderPage();
        await ClickAsync(cut, "#new-user-open");
        await FillNewUserAsync(cut, "ADMIN", "short-pass", Roles.Viewer);

        await ClickAsync(cut, "#new-user-save");

        FieldText(cut, "#new-user-password").Should().Contain("at least 12 characters");
        cut.FindAll(".user-name").Should().ContainSingle();

        await ChangeAsync(cut, "#new-user-password", IdentityTestServices.StrongPassword);
        await ChangeAsync(cut, "#new-user-confirm", IdentityTestServices.StrongPassword);
        await ClickAsync(cut, "#new-user-save");

        FieldText(cut, "#new-user-name").Should().Contain("is already taken");
        FieldText(cut, "#new-user-password").Should().NotContain("at least 12 characters");
    }

    [Fact]
    public async Task RolesDialog_WhenRemovingAdminFromLastAdmin_ThenRuleMessageShownAndRolesKept()
    {
        var cut = RenderPage();
        await ClickAsync(cut, $".user-edit-roles[data-user='{Acting}']");
        _ctx.Dialogs.WaitForElement("#roles-dialog-Admin", Wait);
        await ChangeAsync(_ctx.Dialogs, "#roles-dialog-Admin", false);
        await ChangeAsync(_ctx.Dialogs, "#roles-dialog-Viewer", true);

        await ClickAsync(_ctx.Dialogs, "#roles-dialog-save");

        _ctx.Dialogs.Find("#roles-dialog-error").TextContent.Should().Contain("last active administrator");
        RolesOf(cut, Acting).Should().Equal(Roles.Admin);
        (await _identity.RolesOfAsync(Acting)).Should().Equal(Roles.Admin);
    }

    [Fact]
    public async Task RolesDialog_WhenSaved_ThenChipsShowNewRolesAndDialogCloses()
    {
        await _identity.AddUserAsync("viewer", Roles.Viewer);
        var cut = RenderPage();
        await ClickAsync(cut, ".user-edit-roles[data-user='viewer']");
        _ctx.Dialogs.WaitForElement("#roles-dialog-Inventory", Wait);
        await ChangeAsync(_ctx.Dialogs, "#roles-dialog-Inventory", true);

        await ClickAsync(_ctx.Dialogs, "#roles-dialog-save");

        RolesOf(cut, "viewer").Should().Equal(Roles.Inventory, Roles.Viewer);
        _ctx.Dialogs.WaitForAssertion(() => _ctx.Dialogs.FindAll("#roles-dialog-save").Should().BeEmpty(), Wait);
    }

    [Fact]
    public async Task LockButton_WhenClickedThenUnlocked_ThenStatusFollows()
    {
        await _identity.AddUserAsync("viewer", Roles.Viewer);
        var cut = RenderPage();

        await ClickAsync(cut, ".user-lock[data-user='viewer']");

        StatusOf(cut, "viewer").Should().Be("Locked by an administrator");

        await ClickAsync(cut, ".user-unlock[data-user='viewer']");

        StatusOf(cut, "viewer").Should().Be("Active");
    }

    [Fact]
    public async Task Status_WhenFailedSignInsLockTheAccount_ThenSaysUntilWhenAndUnlockClearsIt()
    {
        await _identity.AddUserAsync("locked-out", Roles.Viewer);
        await _identity.AddUserAsync("mistyped", Roles.Viewer);
        await FailPasswordsAsync("locked-out", 5);
        await FailPasswordsAsync("mistyped", 2);
        var cut = RenderPage();

        StatusOf(cut, "locked-out").Should().MatchRegex(@"^Locked after failed sign-ins until \d{4}-\d{2}-\d{2} \d{2}:\d{2}$");
        StatusOf(cut, "mistyped").Should().Be("Active, 2 failed sign-ins");
        cut.Find(".user-unlock[data-user='locked-out']").Should().NotBeNull();

        await ClickAsync(cut, ".user-unlock[data-user='locked-out']");

        StatusOf(cut, "locked-out").Should().Be("Active");
        var user = await _identity.FindAsync("locked-out");
        user!.LockoutEnd.Should().BeNull();
        user.AccessFailedCount.Should().Be(0);
    }

    [Fact]
    public async Task Status_WhenSignInsFailWhileThePageIsOpen_ThenItFollowsWithoutAReload()
    {
        await _identity.AddUserAsync("guessed", Roles.Viewer);
        var cut = RenderPage();
        StatusOf(cut, "guessed").Should().Be("Active");
        var audit = _identity.Services.GetRequiredService<AuditLog>();

        // What the sign-in form and POST /token do: count the failure, then audit the attempt.
        await FailPasswordsAsync("guessed", 2);
        await audit.RecordAsync(new AuditEntry(AuditCategories.SignIn, "password", AuditOutcomes.Failure, new AuditActor("guessed", AuditActorKinds.User, "192.0.2.7"), "guessed", "invalid"));
        cut.WaitForAssertion(() => StatusOf(cut, "guessed").Should().Be("Active, 2 failed sign-ins"), Wait);

        await FailPasswordsAsync("guessed", 3);
        await audit.RecordAsync(new AuditEntry(AuditCategories.SignIn, "password", AuditOutcomes.Failure, new AuditActor("guessed", AuditActorKinds.User, "192.0.2.7"), "guessed", "locked"));
        cut.WaitForAssertion(() => StatusOf(cut, "guessed").Should().StartWith("Locked after failed sign-ins until"), Wait);
        cut.Find(".user-unlock[data-user='guessed']").Should().NotBeNull();
    }

    [Fact]
    public async Task LockButton_WhenClicked_ThenOneAuditRowNamingTheAdminTheCircuitAddressAndTheUser()
    {
        await _identity.AddUserAsync("audited", Roles.Viewer);
        var cut = RenderPage();

        await ClickAsync(cut, ".user-lock[data-user='audited']");

        StatusOf(cut, "audited").Should().Be("Locked by an administrator");
        await using var scope = _identity.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<BakeryOpsDbContext>().AuditEvents.AsNoTracking().ToListAsync();
        rows.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Category = AuditCategories.User, Action = "lock", Outcome = AuditOutcomes.Success, Actor = Acting, Address = "127.0.0.1", Target = "audited",
        });
    }

    [Fact]
    public void RowActions_WhenRowIsTheActingUser_ThenLockAndDeleteAreDisabled()
    {
        var cut = RenderPage();

        cut.Find($".user-lock[data-user='{Acting}']").HasAttribute("disabled").Should().BeTrue();
        cut.Find($".user-delete[data-user='{Acting}']").HasAttribute("disabled").Should().BeTrue();
        cut.Find($".user-edit-roles[data-user='{Acting}']").HasAttribute("disabled").Should().BeFalse();
    }

    [Fact]
    public async Task DeleteButton_WhenConfirmed_ThenRowDisappears()
    {
        await _identity.AddUserAsync("viewer", Roles.Viewer);
        var cut = RenderPage();

        // Not awaited: the handler waits for the answer to the confirmation dialog.
        var deleting = cut.Find(".user-delete[data-user='viewer']").ClickAsync(new MouseEventArgs());
        _ctx.Dialogs.WaitForAssertion(() => _ctx.Dialogs.Markup.Should().Contain("Delete viewer? This cannot be undone."), Wait);
        await _ctx.Dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").ClickAsync(new MouseEventArgs());
        await deleting.WaitAsync(Wait);

        cut.FindAll(".user-name[data-user='viewer']").Should().BeEmpty();
        (await _identity.FindAsync("viewer")).Should().BeNull();
    }

    [Fact]
    public async Task ResetPasswordDialog_WhenPasswordIsWeakThenStrong_ThenMessageThenNewPasswordWorks()
    {
        await _identity.AddUserAsync("viewer", Roles.Viewer);
        var cut = RenderPage();
        await ClickAsync(cut, ".user-reset-password[data-user='viewer']");
        _ctx.Dialogs.WaitForElement("#reset-password", Wait);
        await ChangeAsync(_ctx.Dialogs, "#reset-password", "weak");
        await ChangeAsync(_ctx.Dialogs, "#reset-confirm", "weak");

        await ClickAsync(_ctx.Dialogs, "#reset-dialog-save");

        FieldText(_ctx.Dialogs, "#reset-password").Should().Contain("at least 12 characters");

        await ChangeAsync(_ctx.Dialogs, "#reset-password", "Another-Secret-77");
        await ChangeAsync(_ctx.Dialogs, "#reset-confirm", "Another-Secret-77");
        await ClickAsync(_ctx.Dialogs, "#reset-dialog-save");

        _ctx.Dialogs.WaitForAssertion(() => _ctx.Dialogs.FindAll("#reset-dialog-save").Should().BeEmpty(), Wait);
        (await _identity.CheckPasswordAsync("viewer", "Another-Secret-77")).Should().BeTrue();
    }

    private IRenderedComponent<Users> RenderPage()
    {
        var cut = _ctx.Render<Users>();
        cut.WaitForElement($".user-name[data-user='{Acting}']", Wait);
        return cut;
    }

    private static Task ClickAsync(IRenderedComponent<IComponent> cut, string selector) =>
        cut.Find(selector).ClickAsync(new MouseEventArgs());

    private static Task ChangeAsync(IRenderedComponent<IComponent> cut, string selector, object value) =>
        cut.Find(selector).ChangeAsync(new ChangeEventArgs { Value = value });

    private static async Task FillNewUserAsync(IRenderedComponent<Users> cut, string userName, string password, params string[] roles)
    {
        await ChangeAsync(cut, "#new-user-name", userName);
        await ChangeAsync(cut, "#new-user-password", password);
        await ChangeAsync(cut, "#new-user-confirm", password);
        foreach (var role in roles)
        {
            await ChangeAsync(cut, $"#new-user-role-{role}", true);
        }
    }

    // The input's MudBlazor control, which holds the field's helper and error text.
    private static List<string> RolesOf(IRenderedComponent<Users> cut, string userName) =>
        Row(cut, userName).QuerySelectorAll(".user-role").Select(e => e.TextContent.Trim()).ToList();

    // Identity's own failure count, as wrong passwords at sign-in raise it (5 by default locks the account).
    private async Task FailPasswordsAsync(string userName, int times)
    {
        await using var scope = _identity.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByNameAsync(userName))!;
        for (var i = 0; i < times; i++)
        {
            (await users.AccessFailedAsync(user)).Succeeded.Should().BeTrue();
        }
    }

    private static string StatusOf(IRenderedComponent<Users> cut, string userName) =>
        Row(cut, userName).QuerySelector(".user-status")!.TextContent.Trim();

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<Users> cut, string userName) =>
        cut.Find($".user-name[data-user='{userName}']").Closest("tr")!;
}
