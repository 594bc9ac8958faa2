using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Infrastructure.Identity;

/// <summary>Each user change writes exactly one audit row naming the acting administrator, the address, the user and the time.</summary>
[Trait("Category", "Sqlite")]
public sealed class UserAdministrationAuditTests : IAsyncLifetime
{
    private static readonly AuditActor Alice = new("alice", AuditActorKinds.User, "10.0.0.5");
    private IdentityTestServices _identity = null!;

    public async Task InitializeAsync()
    {
        _identity = await IdentityTestServices.CreateAsync();
        await _identity.AddUserAsync("alice", Roles.Admin);
        await _identity.AddUserAsync("bob", Roles.Viewer);
    }

    public async Task DisposeAsync() => await _identity.DisposeAsync();

    [Theory]
    [InlineData("create", "carol")]
    [InlineData("role-change", "bob")]
    [InlineData("password-reset", "bob")]
    [InlineData("lock", "bob")]
    [InlineData("unlock", "bob")]
    [InlineData("delete", "bob")]
    public async Task Change_WhenItSucceeds_ThenOneSuccessRowWithActorAddressTargetAndTime(string action, string target)
    {
        var administration = _identity.Administration;
        var before = DateTimeOffset.UtcNow;

        var result = action switch
        {
            "create" => await administration.CreateAsync(new NewUser("carol", null, IdentityTestServices.StrongPassword, [Roles.Planner]), Alice),
            "role-change" => await administration.SetRolesAsync("bob", [Roles.Planner], Alice),
            "password-reset" => await administration.ResetPasswordAsync("bob", "Another-Strong-Passw0rd", Alice),
            "lock" => await administration.LockAsync("bob", Alice),
            "unlock" => await administration.UnlockAsync("bob", Alice),
            _ => await administration.DeleteAsync("bob", Alice),
        };

        result.Succeeded.Should().BeTrue(string.Join(" ", result.Errors.SelectMany(e => e.Value)));
        var rows = await RowsAsync();
        var row = rows.Should().ContainSingle().Subject;
        row.Should().BeEquivalentTo(new
        {
            Category = AuditCategories.User, Action = action, Outcome = AuditOutcomes.Success,
            Actor = "alice", ActorKind = AuditActorKinds.User, Address = "10.0.0.5", Target = target,
        });
        row.OccurredAt.Should().BeOnOrAfter(before.AddSeconds(-1)).And.BeOnOrBefore(DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Change_WhenRefused_ThenOneDeniedRowWithTheReasonAndNoSuccessRow()
    {
        var result = await _identity.Administration.LockAsync("alice", Alice);

        result.Succeeded.Should().BeFalse();
        var row = (await RowsAsync()).Should().ContainSingle().Subject;
        row.Should().BeEquivalentTo(new { Action = "lock", Outcome = AuditOutcomes.Denied, Actor = "alice", Address = "10.0.0.5", Target = "alice" });
        row.Detail.Should().Be("You cannot lock your own account.");
    }

    [Fact]
    public async Task Change_WhenIdentityRefusesIt_ThenNoRowBecauseNothingChanged()
    {
        var result = await _identity.Administration.ResetPasswordAsync("bob", "short", Alice);

        result.Succeeded.Should().BeFalse();
        (await RowsAsync()).Should().BeEmpty();
    }

    private async Task<List<AuditEvent>> RowsAsync()
    {
        await using var scope = _identity.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BakeryOpsDbContext>().AuditEvents.AsNoTracking().ToListAsync();
    }
}
