using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Portal.Components.Pages.Sync;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using static BakeryOps.Tests.TestInfrastructure.PortalTestContext;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>
/// The Item Master Review page over a running portal's services (its database and simulator): the differences side by
/// side, an apply of the selected rows after the confirmation, gone rows selectable only by explicit choice, and a pull
/// started on the page whose end reloads the review over the circuit.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class ItemMasterReviewPageTests(SqlitePortalFixture fixture) : IClassFixture<SqlitePortalFixture>, IAsyncLifetime
{
    private readonly ItemMasterSyncDriver _sync = new(fixture);
    private readonly PortalTestContext _ctx = new();

    public async Task InitializeAsync()
    {
        foreach (var service in new[] { typeof(ItemMasterReviews), typeof(ItemMasterSyncRunner), typeof(SyncRunCatalog), typeof(SyncRunNotifications), typeof(InventoryService) })
        {
            _ctx.Services.AddSingleton(service, fixture.Services.GetRequiredService(service));
        }

        _ctx.SignIn("planner", Roles.Planner);
        _ctx.StartCircuit();
        await _sync.LoadSampleDataAsync();
        await _sync.RunAsync();
        _sync.SetItem(60094, "B_RICE_FLOUR", "Rice flour 20kg", "KG", shelfLifeDays: 240);
        _sync.ChangeItem(60012, r => r with { Dsc1 = "Soft brown sugar 25kg" });
        _sync.RemoveItem(60005);
        await _sync.RunAsync();
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task Review_WhenRowsAreSelectedAndConfirmed_ThenTheyAreAppliedAndAPullNowReloadsTheReviewLive()
    {
        var cut = _ctx.Render<ItemMasterReview>();
        cut.WaitForElement("#review-items", Wait);

        cut.Find("#auto-apply-state").TextContent.Should().Contain("Auto-apply off");
        var sugar = Attribute(cut, "B_SUGAR_BROWN", "description");
        (sugar.Jde, sugar.Bakery).Should().Be(("Soft brown sugar 25kg", "Soft brown sugar 20kg"));
        Attribute(cut, "B_RICE_FLOUR", "unit").Should().Be(("KG", "(no product)"));
        Checkbox(cut, "B_FLOUR_SPELT").HasAttribute("disabled").Should().BeTrue("a gone product is archived only by explicit choice");

        await Checkbox(cut, "B_RICE_FLOUR").ChangeAsync(new ChangeEventArgs { Value = true });
        await Checkbox(cut, "B_SUGAR_BROWN").ChangeAsync(new ChangeEventArgs { Value = true });
        // The click's handler waits for the confirmation: it completes only once the dialog is answered.
        var applying = cut.Find("#apply-selected").ClickAsync(new MouseEventArgs());
        _ctx.Dialogs.WaitForAssertion(() => _ctx.Dialogs.Markup.Should().Contain("create 1, update 1 and archive 0"), Wait);
        await _ctx.Dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Apply").ClickAsync(new MouseEventArgs());
        await applying.WaitAsync(Wait);

        cut.WaitForAssertion(() => Items(cut).Should().BeEquivalentTo("B_FLOUR_SPELT"), Wait);
        (await _sync.ProductOfItemAsync("B_RICE_FLOUR"))!.ShelfLifeDays.Should().Be(240);
        (await _sync.ProductOfItemAsync("B_SUGAR_BROWN"))!.ProductName.Should().Be("Soft brown sugar 25kg");
        (await _sync.ProductOfItemAsync("B_FLOUR_SPELT"))!.Archived.Should().BeFalse();

        _sync.SetItem(60095, "B_CHIA_SEED", "Chia seeds 5kg", "KG");
        await cut.Find("#pull-now").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => cut.Find("#pull-run").GetAttribute("data-status").Should().Be("succeeded"), Wait);
        cut.WaitForAssertion(() => Items(cut).Should().BeEquivalentTo("B_FLOUR_SPELT", "B_CHIA_SEED"), Wait);
        cut.Find("#pull-run-detail").TextContent.Should().Contain("new 1").And.Contain("gone 1");
    }

    private static AngleSharp.Dom.IElement Checkbox(IRenderedComponent<ItemMasterReview> cut, string item) =>
        cut.Find($"input[type=checkbox][data-item='{item}']");

    private static List<string> Items(IRenderedComponent<ItemMasterReview> cut) =>
        cut.FindAll("td.review-item").Select(td => td.GetAttribute("data-item")!).ToList();

    private static (string Jde, string Bakery) Attribute(IRenderedComponent<ItemMasterReview> cut, string item, string attribute)
    {
        var row = cut.Find($"td.review-item[data-item='{item}']").ParentElement!;
        var pair = row.QuerySelector($"tr.review-attribute[data-attribute='{attribute}']")!;
        return (pair.QuerySelector(".attribute-jde")!.TextContent.Trim(), pair.QuerySelector(".attribute-bakery")!.TextContent.Trim());
    }
}
