using System.Net;
using System.Text;
using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Dispatch;
using BakeryOps.Domain.Identity;
using BakeryOps.Domain.Paging;
using BakeryOps.Infrastructure.Dispatch;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.Infrastructure.Dispatch;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Audit;

/// <summary>
/// Approvals and dispatches over the API against the simulator: an approval, a rejection, a post and a retry each
/// write exactly one audit row naming the planner, the address and the posting key.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class DispatchAuditTests(SqliteDispatchFixture fixture) : IClassFixture<SqliteDispatchFixture>
{
    private const string Password = "Audit-Planner-Passw0rd!";
    private readonly CardexSyncDriver _sync = new(fixture);

    [Fact]
    public async Task ReviewAndPost_WhenAPlannerActs_ThenOneRowPerApprovalRejectionPostAndRetry()
    {
        await _sync.LoadSampleDataAsync();
        (await _sync.RunAsync()).Status.Should().Be("succeeded");
        await Task.Delay(1100); // movements dated after the link (second precision in some stores)
        var inventory = fixture.Services.GetRequiredService<InventoryService>();
        var recorded = new List<string>();
        foreach (var quantity in new[] { 1m, 2m, 3m })
        {
            recorded.Add((await inventory.RecordAdjustmentsAsync(CardexSyncDriver.Facility,
                [new AdjustmentInput(CardexSyncDriver.Flour, quantity, "KG", "USAGE", AdjustmentDate: DateTimeOffset.UtcNow)],
                isArray: false, "baker", CancellationToken.None))[0].Id);
        }

        var actions = (await fixture.Services.GetRequiredService<DispatchService>()
            .ListAsync(new DispatchQuery(CardexSyncDriver.Facility, "pending"), new PageRequest(0, 500), CancellationToken.None)).Items;
        var keys = recorded.Select(m => actions.Single(a => a.MovementId == m).Key).ToList();
        var (approved, rejected, failed) = (keys[0], keys[1], keys[2]);
        await fixture.CreateUserAsync("audit-planner", Password, Roles.Planner);
        using var planner = fixture.CreateClient();
        planner.WithBearer(await planner.GetTokenAsync("audit-planner", Password));

        await PostOkAsync(planner, "bakery_ops_to_jde/approve", $$"""["{{approved}}"]""");
        await PostOkAsync(planner, "bakery_ops_to_jde/reject", $$"""{"keys":["{{rejected}}"],"reason":"Counted twice"}""");
        await PostOkAsync(planner, "bakery_ops_to_jde/dispatch", $$"""["{{approved}}"]""");
        await using (var db = await fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync())
        {
            await db.JdeDispatches.Where(d => d.Key == failed)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DispatchState.Failed).SetProperty(d => d.Stamp, Guid.NewGuid()));
        }

        await PostOkAsync(planner, "bakery_ops_to_jde/retry", $$"""["{{failed}}"]""");

        (await AuditRows.OfAsync(fixture.Services, AuditCategories.Approval, approved)).ShouldBeOne("approve", AuditOutcomes.Success, "audit-planner");
        (await AuditRows.OfAsync(fixture.Services, AuditCategories.Approval, rejected))
            .ShouldBeOne("reject", AuditOutcomes.Success, "audit-planner").Detail.Should().Be("Counted twice");
        (await AuditRows.OfAsync(fixture.Services, AuditCategories.Dispatch, approved))
            .ShouldBeOne("post", AuditOutcomes.Success, "audit-planner").Detail.Should().StartWith("Document ");
        (await AuditRows.OfAsync(fixture.Services, AuditCategories.Dispatch, failed)).ShouldBeOne("retry", AuditOutcomes.Success, "audit-planner");
        (await AuditRows.OfAsync(fixture.Services, AuditCategories.Approval, failed)).Should().BeEmpty("a retry is not an approval");
    }

    private static async Task PostOkAsync(HttpClient client, string path, string json)
    {
        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"success\":true");
    }
}
