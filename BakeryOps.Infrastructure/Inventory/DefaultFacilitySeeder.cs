using BakeryOps.Domain.Facilities;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Inventory;

/// <summary>Creates the configured default facility (<c>Site:DefaultFacilityId</c>) on start, so the API has somewhere to write.</summary>
public sealed class DefaultFacilitySeeder(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    IOptions<SiteOptions> site,
    IOptions<JdeOptions> jde,
    TimeProvider clock)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = site.Value.DefaultFacilityId;
        if (await db.Facilities.AnyAsync(f => f.Id == id, cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        db.Facilities.Add(new Facility
        {
            Id = id, Name = site.Value.DefaultFacilityName, JdeBusinessUnit = jde.Value.BusinessUnit, JdeLinkedAt = now, CreatedAt = now, UpdatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
