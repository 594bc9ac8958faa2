using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Dispatch;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Dispatch;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Portal.Components.Pages.Dispatch;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using BakeryOps.Tests.Portal.Audit;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using static BakeryOps.Tests.TestInfrastructure.PortalTestContext;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>
/// The Batch Review page over a running portal's services: a facility linked to JD Edwards by its first sync, and a
/// flour usage recorded after it, which the list plans as a pending posting.
/// </summary>
public abstract class BatchReviewPageTests(SqlitePortalFixture fixture) : IAsyncLifetime
{
    private readonly CardexSyncDriver _sync = new(fixture);
    private protected readonly PortalTestContext _ctx = new();
    private protected SqlitePortalFixture Fixture => fixture;

    /// <summary>The key of the posting of the usage recorded in <see cref="InitializeAsync"/>.</summary>
    private protected string Key { get; private set; } = "";

    public async Task InitializeAsync()
    {
        foreach (var service in new[] { typeof(DispatchNotifications), typeof(StockNotifications), typeof(InventoryService) })
        {
            _ctx.Services.AddSingleton(service, fixture.Services.GetRequiredService(service));
        }

        _ctx.Services.AddTransient(_ => fixture.Services.GetRequiredService<DispatchService>());
        await _sync.LoadSampleDataAsync();
        await _sync.RunAsync();
        Key = await RecordUsageAsync(4m);
    }

    private protected async Task<string> RecordUsageAsync(decimal kilograms)
    {
        var movement = (await Fixture.Services.GetRequiredService<InventoryService>().RecordAdjustmentsAsync(CardexSyncDriver.Facility,
            [new AdjustmentInput(CardexSyncDriver.Flour, kilograms, "KG", "USAGE")], isArray: false, "baker", CancellationToken.None)).Single();
        return DispatchKeys.For(CardexSyncDriver.Facility, movement.Id);
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();
}

/// <summary>A viewer reads the postings and cannot act on them.</summary>
[Trait("Category", "Sqlite")]
public sealed class BatchReviewViewerPageTests(SqlitePortalFixture fixture) : BatchReviewPageTests(fixture), IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public async Task Page_WhenAViewerOpensIt_ThenThePendingPostingIsListedWithoutSelectionApprovalOrDispatch()
    {
        _ctx.SignIn("viewer", Roles.Viewer);
        _ctx.StartCircuit();
        var cut = _ctx.Render<BatchReview>();
        cut.WaitForElement($"tr.row-{Key}", Wait);

        var row = cut.Find($"tr.row-{Key}");
        row.QuerySelector(".row-state")!.TextContent.Should().Be("pending");
        row.QuerySelector(".row-quantity")!.TextContent.Should().Be("4 KG", "a usage is issued (II) as a positive quantity");
        row.QuerySelector(".row-document-type")!.TextContent.Should().Be("II");
        cut.FindAll("#batch-review-ready").Should().ContainSingle();
        cut.Find("#batch-review-read-only").TextContent.Should().Contain("Planner or Admin");
        cut.FindAll("#selection-toolbar, #approve-selected, #dispatch-selected, #reject-selected, #retry-failed, #review-selected").Should().BeEmpty();
        cut.FindAll("tr.dispatch-row input[type=checkbox]").Should().BeEmpty("viewers select nothing");

        // A usage recorded elsewhere reaches the open page over its circuit.
        var second = await RecordUsageAsync(1.5m);
        cut.WaitForElement($"tr.row-{second}", Wait);
    }
}

/// <summary>A planner selects the posting, reviews it, edits its quantity and approves it.</summary>
[Trait("Category", "Sqlite")]
public sealed class BatchReviewPlannerPageTests(SqlitePortalFixture fixture) : BatchReviewPageTests(fixture), IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public async Task Page_WhenAPlannerReviewsEditsAndApprovesTheSelectedPosting_ThenItIsApprovedWithTheEditedQuantity()
    {
        _ctx.SignIn("planner", Roles.Planner);
        _ctx.StartCircuit();
        var cut = _ctx.Render<BatchReview>();
        cut.WaitForElement($"tr.row-{Key}", Wait);
        cut.FindAll("#batch-review-read-only").Should().BeEmpty();

        await cut.Find($"tr.row-{Key} input[type=checkbox]").ChangeAsync(new ChangeEventArgs { Value = true });
        cut.WaitForAssertion(() => cut.Find("#selection-count").GetAttribute("data-count").Should().Be("1"), Wait);
        await cut.Find("#review-selected").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => cut.Find("#review-action").GetAttribute("data-key").Should().Be(Key), Wait);
        cut.Find("#review-position").TextContent.Should().Be("1 of 1");
        cut.Find("#payload-document-type").GetAttribute("value").Should().Be("II");
        cut.Find("#payload-um").GetAttribute("value").Should().Be("KG");
        cut.Find("#payload-item-number").GetAttribute("value").Should().Be("B_FLOUR_T55");
        cut.Find("#payload-explanation").GetAttribute("value").Should().Be("BKO " + Key);

        // Zero is refused by the form before it reaches the service.
        await cut.Find("#payload-quantity").InputAsync(new ChangeEventArgs { Value = "0" });
        cut.WaitForAssertion(() => FieldText(cut, "#payload-quantity").Should().Contain("posting of nothing"), Wait);
        await cut.Find("#payload-quantity").InputAsync(new ChangeEventArgs { Value = "3.5" });
        cut.WaitForAssertion(() => cut.Find("#review-save").HasAttribute("disabled").Should().BeFalse(), Wait);
        await cut.Find("#review-save").ClickAsync(new MouseEventArgs());
        cut.WaitForElement("#review-saved", Wait);
        cut.FindAll("#review-error").Should().BeEmpty();

        await cut.Find("#review-approve").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => cut.Find("#review-action").GetAttribute("data-state").Should().Be("approved"), Wait);
        cut.Find("#review-approved-by").TextContent.Should().Contain("planner");

        var posting = await Fixture.Services.GetRequiredService<DispatchService>().GetAsync(Key, CancellationToken.None);
        posting.State.Should().Be("approved");
        posting.Quantity.Should().Be(3.5m);
        posting.EditedBy.Should().Be("planner");
        posting.ApprovedBy.Should().Be("planner");
        (await AuditRows.OfAsync(Fixture.Services, AuditCategories.Approval, Key)).ShouldBeOne("approve", AuditOutcomes.Success, "planner");
    }
}
