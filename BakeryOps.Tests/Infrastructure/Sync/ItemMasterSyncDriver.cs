using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Inventory.SampleData;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Tests.Infrastructure.Lake.Writing;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Infrastructure.Sync;

/// <summary>
/// Drives the item master sync of a running portal the way its job does (a recorded run, the simulator over HTTP),
/// maintains the simulator's item master as a JD Edwards user would, and reads what the sync wrote.
/// </summary>
public sealed class ItemMasterSyncDriver(PortalFixture fixture)
{
    public const string Facility = "default_facility";
    public const string Branch = "1110";

    private IServiceProvider Services => fixture.Services;

    public JdeSimulatorState Jde => Services.GetRequiredService<JdeSimulatorState>();

    public Task LoadSampleDataAsync() => Services.GetRequiredService<SampleDataLoader>().LoadAsync(Facility, CancellationToken.None);

    public Task<SyncRunView> RunAsync() => RecordedRunAsync(expectSuccess: true);

    public Task<SyncRunView> RunExpectingFailureAsync() => RecordedRunAsync(expectSuccess: false);

    public Task<ItemMasterReviewView> ReviewAsync() => Services.GetRequiredService<ItemMasterReviews>().ReviewAsync(Facility, CancellationToken.None);

    public Task<ItemMasterApplyResult> ApplyAsync(bool archiveMissing, params string[] items) =>
        Services.GetRequiredService<ItemMasterSyncRunner>().ApplyAsync(Facility, items, archiveMissing, "tester", CancellationToken.None);

    /// <summary>A new item in the branch, as a JD Edwards user adds it (F4101 + F4102), or an existing one changed.</summary>
    public void SetItem(int itm, string litm, string description, string unit, string glClass = "WA01", string stockingType = "P",
        bool lotControlled = false, int? shelfLifeDays = null, string description2 = "")
    {
        Jde.SetItemBranch(new JdeItemBranchRow(itm, litm, litm, Branch, description, description2, unit, stockingType, glClass, "S", "ING",
            lotControlled ? "3" : "", shelfLifeDays, DateOnly.FromDateTime(DateTime.UtcNow)));
    }

    /// <summary>An item changed in JD Edwards: its current row with <paramref name="change"/> applied.</summary>
    public void ChangeItem(int itm, Func<JdeItemBranchRow, JdeItemBranchRow> change)
    {
        var current = Jde.FindItemBranch(itm, Branch) ?? throw new InvalidOperationException($"JD Edwards has no item {itm} in {Branch}.");
        Jde.SetItemBranch(change(current) with { Upmj = DateOnly.FromDateTime(DateTime.UtcNow) });
    }

    public void RemoveItem(int itm) => Jde.RemoveItemBranch(itm, Branch);

    /// <summary>How many item-branch rows JD Edwards lists for the branch in the synced G/L classes.</summary>
    public int ItemsInBranch() =>
        ItemMasterSyncOptions.DefaultGlClasses.Sum(gl => Jde.QueryItemMaster(Branch, gl, DateOnly.MinValue).Rows.Count);

    public async Task<Product?> ProductOfItemAsync(string litm)
    {
        await using var db = await Context();
        return await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.FacilityId == Facility && p.JdeSecondItemNumber == litm);
    }

    public async Task<int> ProductCountAsync()
    {
        await using var db = await Context();
        return await db.Products.CountAsync(p => p.FacilityId == Facility);
    }

    public async Task<List<JdeItemMasterEntry>> MirrorAsync()
    {
        await using var db = await Context();
        return await db.JdeItemMaster.AsNoTracking().Where(e => e.FacilityId == Facility).ToListAsync();
    }

    /// <summary>The <c>item_master</c> rows of one run as DuckDB reads them from the folder lake: 2nd item number → description.</summary>
    public Dictionary<string, string> LakeRowsOfRun(Guid runId)
    {
        var source = LakeDuckDb.Source(Path.Combine(fixture.Factory.DataDirectory, "lake"), "jde-ingestion", ItemMasterRecord.Dataset);
        return LakeDuckDb.Query($"SELECT second_item_number, description FROM {source} WHERE run_id = '{runId}'")
            .ToDictionary(r => (string)r["second_item_number"]!, r => (string)r["description"]!);
    }

    private async Task<SyncRunView> RecordedRunAsync(bool expectSuccess)
    {
        var sync = Services.GetRequiredService<ItemMasterSync>();
        var run = await Services.GetRequiredService<SyncRunRecorder>().RunAsync(
            ItemMasterSync.Job, "test", Facility, (handle, ct) => sync.RunAsync(Facility, handle, ct), CancellationToken.None);
        if (expectSuccess)
        {
            run.Error.Should().BeNull();
            run.Status.Should().Be("succeeded");
        }
        else
        {
            run.Status.Should().Be("failed");
        }

        return run;
    }

    private Task<BakeryOpsDbContext> Context() =>
        Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
}
