using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Identity;

namespace BakeryOps.Tests.Infrastructure.Identity;

public sealed class UserAdministrationTests : IAsyncLifetime
{
    private const string Acting = "root";

    private IdentityTestServices _identity = default!;
    private UserAdministration _sut = default!;

    public async Task InitializeAsync()
    {
        _identity = await IdentityTestServices.CreateAsync();
        _sut = _identity.Administration;
    }

    public async Task DisposeAsync() => await _identity.DisposeAsync();

    [Fact]
    public async Task CreateAsync_WhenRequestIsValid_ThenUserIsListedWithRolesAndCreatedAt()
    {
        var before = DateTimeOffset.UtcNow;

        var result = await _sut.CreateAsync(
            new NewUser(" baker.one ", "Baker One", IdentityTestServices.StrongPassword, [Roles.Planner, Roles.Viewer]), Acting);

        result.Succeeded.Should().BeTrue();
        var user = (await _sut.ListAsync()).Should().ContainSingle().Subject;
        user.UserName.Should().Be("baker.one");
        user.DisplayName.Should().Be("Baker One");
        user.Roles.Should().Equal(Roles.Planner, Roles.Viewer);
        user.IsLockedOut.Should().BeFalse();
        user.CreatedAt.Should().BeOnOrAfter(before.AddSeconds(-1)).And.BeOnOrBefore(DateTimeOffset.UtcNow.AddSeconds(1));
        (await _identity.CheckPasswordAsync("baker.one", IdentityTestServices.StrongPassword)).Should().BeTrue();
    }

    [Fact]
    public async Task CreateAsync_WhenPasswordBreaksPolicy_ThenPasswordFieldErrorAndNoUser()
    {
        var result = await _sut.CreateAsync(new NewUser("baker", null, "short", [Roles.Viewer]), Acting);

        result.Succeeded.Should().BeFalse();
        result.Errors.Keys.Should().Equal(UserAdminFields.Password);
        result.ErrorsFor(UserAdminFields.Password).Should().Contain(m => m.Contains("at least 12 characters"));
        (await _identity.FindAsync("baker")).Should().BeNull();
    }

    [Fact]
    public async Task CreateAsync_WhenUserNameIsTaken_ThenUserNameFieldError()
    {
        await _identity.AddUserAsync("baker", Roles.Viewer);

        var result = await _sut.CreateAsync(new NewUser("BAKER", null, IdentityTestServices.StrongPassword, [Roles.Viewer]), Acting);

        result.Succeeded.Should().BeFalse();
        result.ErrorsFor(UserAdminFields.UserName).Should().ContainSingle().Which.Should().Contain("is already taken");
        (await _sut.ListAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task CreateAsync_WhenFieldsAreMissingOrRolesUnknown_ThenEachFieldHasItsError()
    {
        var result = await _sut.CreateAsync(new NewUser("", null, "", ["Baker"]), Acting);

        result.Errors.Keys.Should().BeEquivalentTo(UserAdminFields.UserName, UserAdminFields.Password, UserAdminFields.Roles);
        result.ErrorsFor(UserAdminFields.Roles).Should().ContainSingle().Which.Should().Contain("Baker");
        (await _sut.CreateAsync(new NewUser("baker", null, IdentityTestServices.StrongPassword, []), Acting))
            .ErrorsFor(UserAdminFields.Roles).Should().Equal("Choose at least one role.");
    }

    [Fact]
    public async Task CreateAsync_WhenUserNameHasDisallowedCharacters_ThenUserNameFieldError()
    {
        var result = await _sut.CreateAsync(new NewUser("baker one!", null, IdentityTestServices.StrongPassword, [Roles.Viewer]), Acting);

        result.ErrorsFor(UserAdminFields.UserName).Should().ContainSingle().Which.Should().Contain("invalid");
        (await _sut.ListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task ListAsync_WhenUsersExist_ThenOrderedByNameIgnoringCase()
    {
        await _identity.AddUserAsync("charlie", Roles.Viewer);
        await _identity.AddUserAsync("Bravo", Roles.Viewer);
        await _identity.AddUserAsync("alpha", Roles.Admin, Roles.Planner);

        var users = await _sut.ListAsync();

        users.Select(u => u.UserName).Should().Equal("alpha", "Bravo", "charlie");
        users[0].Roles.Should().Equal(Roles.Admin, Roles.Planner);
    }

    [Fact]
    public async Task SetRolesAsync_WhenAnotherAdminExists_ThenNewRolesPersist()
    {
        await _identity.AddUserAsync(Acting, Roles.Admin);
        await _identity.AddUserAsync("planner", Roles.Admin, Roles.Viewer);

        var result = await _sut.SetRolesAsync("planner", [Roles.Planner, Roles.Inventory], Acting);

        result.Succeeded.Should().BeTrue();
        (await _identity.RolesOfAsync("planner")).Should().BeEquivalentTo(Roles.Planner, Roles.Inventory);
    }

    [Fact]
    public async Task SetRolesAsync_WhenRemovingAdminFromLastAdmin_ThenRefusedAndRolesUnchanged()
    {
        await _identity.AddUserAsync(Acting, Roles.Admin);

        var result = await _sut.SetRolesAsync(Acting, [Roles.Viewer], Acting);

        result.ErrorsFor(UserAdminFields.Roles).Should().ContainSingle().Which.Should().Contain("last active administrator");
        (await _identity.RolesOfAsync(Acting)).Should().Equal(Roles.Admin);
    }

    [Fact]
    public async Task SetRolesAsync_WhenNoRoles_ThenRolesFieldError()
    {
        await _identity.AddUserAsync("viewer", Roles.Viewer);

        var result = await _sut.SetRolesAsync("viewer", [], Acting);

        result.ErrorsFor(UserAdminFields.Roles).Should().Equal("Choose at least one role.");
        (await _identity.RolesOfAsync("viewer")).Should().Equal(Roles.Viewer);
    }

    [Fact]
    public async Task LockAsync_WhenUserIsNotTheLastAdmin_ThenLockedIndefinitelyUntilUnlocked()
    {
        await _identity.AddUserAsync(Acting, Roles.Admin);
        await _identity.AddUserAsync("viewer", Roles.Viewer);

        var locked = await _sut.LockAsync("viewer", Acting);

        locked.Succeeded.Should().BeTrue();
        var row = (await _sut.ListAsync()).Single(u => u.UserName == "viewer");
        row.IsLockedOut.Should().BeTrue();
        row.IsLockedIndefinitely.Should().BeTrue();

        var unlocked = await _sut.UnlockAsync("viewer", Acting);

        unlocked.Succeeded.Should().BeTrue();
        (await _sut.ListAsync()).Single(u => u.UserName == "viewer").IsLockedOut.Should().BeFalse();
        (await _identity.FindAsync("viewer"))!.LockoutEnd.Should().BeNull();
    }

    [Fact]
    public async Task LockAsync_WhenLockingSelf_ThenRefused()
    {
        await _identity.AddUserAsync(Acting, Roles.Admin);
        await _identity.AddUserAsync("second", Roles.Admin);

        var result = await _sut.LockAsync(Acting.ToUpperInvariant(), Acting);

        result.ErrorsFor(UserAdminFields.General).Should().Equal("You cannot lock your own account.");
        (await _identity.FindAsync(Acting))!.LockoutEnd.Should().BeNull();
    }

    [Fact]
    public async Task LockAsync_WhenLastActiveAdmin_ThenRefused()
    {
        await _identity.AddUserAsync("boss", Roles.Admin);

        var result = await _sut.LockAsync("boss", Acting);

        result.ErrorsFor(UserAdminFields.General).Should().ContainSingle().Which.Should().Contain("last active administrator");
        (await _identity.FindAsync("boss"))!.LockoutEnd.Should().BeNull();
    }

    [Fact]
    public async Task DeleteAsync_WhenOnlyOtherAdminIsLocked_ThenLastActiveAdminIsRefused()
    {
        await _identity.AddUserAsync(Acting, Roles.Admin);
        await _identity.AddUserAsync("boss", Roles.Admin);
        (await _sut.LockAsync(Acting, "boss")).Succeeded.Should().BeTrue();

        var result = await _sut.DeleteAsync("boss", Acting);

        result.ErrorsFor(UserAdminFields.General).Should().ContainSingle().Which.Should().Contain("last active administrator");
        (await _identity.FindAsync("boss")).Should().NotBeNull();
    }

    [Fact]
    public async Task DeleteAsync_WhenDeletingSelf_ThenRefused()
    {
        await _identity.AddUserAsync(Acting, Roles.Admin);
        await _identity.AddUserAsync("second", Roles.Admin);

        var result = await _sut.DeleteAsync(Acting, Acting);

        result.ErrorsFor(UserAdminFields.General).Should().Equal("You cannot delete your own account.");
        (await _identity.FindAsync(Acting)).Should().NotBeNull();
    }

    [Fact]
    public async Task DeleteAsync_WhenOtherUser_ThenRemoved()
    {
        await _identity.AddUserAsync(Acting, Roles.Admin);
        await _identity.AddUserAsync("viewer", Roles.Viewer);

        var result = await _sut.DeleteAsync("viewer", Acting);

        result.Succeeded.Should().BeTrue();
        (await _sut.ListAsync()).Select(u => u.UserName).Should().Equal(Acting);
    }

    [Fact]
    public async Task DeleteAsync_WhenUserIsGone_ThenGeneralError()
    {
        var result = await _sut.DeleteAsync("ghost", Acting);

        result.ErrorsFor(UserAdminFields.General).Should().ContainSingle().Which.Should().Contain("no longer exists");
    }

    [Fact]
    public async Task ResetPasswordAsync_WhenPasswordBreaksPolicy_ThenPasswordFieldErrorAndOldPasswordKept()
    {
        await _identity.AddUserAsync("viewer", Roles.Viewer);

        var result = await _sut.ResetPasswordAsync("viewer", "alllowercase", Acting);

        result.ErrorsFor(UserAdminFields.Password).Should().NotBeEmpty();
        (await _identity.CheckPasswordAsync("viewer", IdentityTestServices.StrongPassword)).Should().BeTrue();
    }

    [Fact]
    public async Task ResetPasswordAsync_WhenPasswordIsAccepted_ThenOnlyTheNewPasswordWorks()
    {
        await _identity.AddUserAsync("viewer", Roles.Viewer);

        var result = await _sut.ResetPasswordAsync("viewer", "Another-Secret-77", Acting);

        result.Succeeded.Should().BeTrue();
        (await _identity.CheckPasswordAsync("viewer", "Another-Secret-77")).Should().BeTrue();
        (await _identity.CheckPasswordAsync("viewer", IdentityTestServices.StrongPassword)).Should().BeFalse();
    }
}
