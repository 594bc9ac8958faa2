using BakeryOps.Domain.Audit;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Audit;

/// <summary>Reads a portal's audit rows, for tests that assert what one action recorded.</summary>
internal static class AuditRows
{
    public static async Task<List<AuditEvent>> OfAsync(IServiceProvider services, string category, string? target)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
        return await db.AuditEvents.AsNoTracking().Where(e => e.Category == category && e.Target == target).OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>The one row, with who, when, from where and what all present.</summary>
    public static AuditEvent ShouldBeOne(this List<AuditEvent> rows, string action, string outcome, string actor, string? address = "127.0.0.1")
    {
        var row = rows.Should().ContainSingle().Subject;
        row.Action.Should().Be(action);
        row.Outcome.Should().Be(outcome);
        row.Actor.Should().Be(actor);
        row.Address.Should().Be(address);
        row.Target.Should().NotBeNullOrEmpty();
        row.OccurredAt.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        return row;
    }
}
