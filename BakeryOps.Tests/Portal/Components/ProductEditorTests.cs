using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Portal.Components.Pages.Inventory;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using static BakeryOps.Tests.TestInfrastructure.PortalTestContext;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>
/// The product editor over a real SQLite database and <see cref="InventoryService"/>: its own field rules, the
/// service's messages under the matching fields, creation, and the stale-version conflict.
/// </summary>
public sealed class ProductEditorTests : IAsyncLifetime
{
    private const string Facility = InventoryPageContext.FacilityId;

    private InventoryPageContext _page = default!;

    public async Task InitializeAsync() => _page = await InventoryPageContext.CreateAsync();

    public async Task DisposeAsync() => await _page.DisposeAsync();

    [Fact]
    public async Task Save_WhenNameAndUnitAreMissing_ThenRequiredMessagesAndNothingCreated()
    {
        var cut = RenderEditor("new");

        await SubmitAsync(cut);

        FieldText(cut, "#product-name").Should().Contain("Enter a product name.");
        FieldText(cut, "#product-unit").Should().Contain("Choose the inventory unit from the list.");
        (await ProductsAsync()).Should().BeEmpty();

        await cut.Find("#product-name").ChangeAsync(new ChangeEventArgs { Value = "Rye flour" });

        FieldText(cut, "#product-name").Should().NotContain("Enter a product name.");
        FieldText(cut, "#product-unit").Should().Contain("Choose the inventory unit from the list.");
    }

    [Fact]
    public async Task Save_WhenAConversionHasNoUnitAndAZeroFactor_ThenMessagesUnderThatRow()
    {
        var cut = RenderEditor("new");
        await FillAsync(cut, "Eggs", "EA");
        await cut.Find("#add-conversion").ClickAsync(new MouseEventArgs());
        await cut.Find("#conversion-factor-0").ChangeAsync(new ChangeEventArgs { Value = "0" });

        await SubmitAsync(cut);

        FieldText(cut, "#conversion-unit-0").Should().Contain("Choose a known unit.");
        FieldText(cut, "#conversion-factor-0").Should().Contain("The factor must be greater than zero.");
        (await ProductsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Save_WhenTheServiceRefusesAConversionFactor_ThenItsMessageIsUnderThatFactor()
    {
        var cut = RenderEditor("new");
        await FillAsync(cut, "Eggs", "EA");
        await cut.Find("#add-conversion").ClickAsync(new MouseEventArgs());
        await _page.SelectAsync(cut, "#conversion-unit-0", "CS");
        await cut.Find("#conversion-factor-0").ChangeAsync(new ChangeEventArgs { Value = "0.0000001" });

        await SubmitAsync(cut);

        cut.WaitForAssertion(
            () => FieldText(cut, "#conversion-factor-0").Should().Contain("The factor can have at most 6 decimal places"), Wait);
        FieldText(cut, "#product-name").Should().NotContain("The product name");
        cut.FindAll("#product-error").Should().BeEmpty();
        (await ProductsAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("#product-description", "Free\u0000range", "control character U+0000")]
    [InlineData("#jde-second-item", "EGG\tM", "a tab at position 4")]
    public async Task Save_WhenAFieldBreaksTheInputRules_ThenItsMessageIsUnderThatFieldAndNothingCreated(string field, string value, string message)
    {
        var cut = RenderEditor("new");
        await FillAsync(cut, "Eggs", "EA");
        await cut.Find(field).ChangeAsync(new ChangeEventArgs { Value = value });

        await SubmitAsync(cut);

        cut.WaitForAssertion(() => FieldText(cut, field).Should().Contain(message), Wait);
        (await ProductsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Save_WhenTheFormIsValid_ThenTheProductIsCreatedAndTheDataPageOpens()
    {
        var cut = RenderEditor("new");
        await FillAsync(cut, "Eggs", "EA");
        await cut.Find("#product-description").ChangeAsync(new ChangeEventArgs { Value = "Free range, size M" });
        await cut.Find("#product-category").ChangeAsync(new ChangeEventArgs { Value = "Dairy & eggs" });
        await cut.Find("#add-conversion").ClickAsync(new MouseEventArgs());
        await _page.SelectAsync(cut, "#conversion-unit-0", "CS");
        await cut.Find("#conversion-factor-0").ChangeAsync(new ChangeEventArgs { Value = "360" });
        await cut.Find("#jde-short-item").ChangeAsync(new ChangeEventArgs { Value = "60110" });
        await cut.Find("#jde-second-item").ChangeAsync(new ChangeEventArgs { Value = "EGG-M" });
        await cut.Find("#jde-branch").ChangeAsync(new ChangeEventArgs { Value = "1110" });

        await SubmitAsync(cut);

        var navigation = _page.Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => navigation.Uri.Should().EndWith($"/bakery-ops-data?facility={Facility}"), Wait);
        _page.Snackbars.WaitForAssertion(() => _page.Snackbars.Markup.Should().Contain("Eggs created."), Wait);
        var product = (await ProductsAsync()).Should().ContainSingle().Subject;
        product.Should().BeEquivalentTo(new
        {
            ProductName = "Eggs", Description = "Free range, size M", ProductCategory = "Dairy & eggs", InventoryUnit = "EA",
            Archived = false, Jde = new JdeLinkView(60110, "EGG-M", "1110"),
        });
        product.UnitConversions.Should().Equal(new UnitConversionView("CS", 360m));
    }

    [Fact]
    public async Task Save_WhenSomeoneElseSavedFirst_ThenConflictMessageAndReloadShowsTheirVersion()
    {
        var eggs = await _page.AddProductAsync("Eggs", unit: "EA");
        var cut = RenderEditor(eggs.Id);
        cut.Find("#product-name").GetAttribute("value").Should().Be("Eggs");
        await _page.Inventory.UpdateProductAsync(Facility, eggs.Id,
            new ProductInput("Eggs (free range)", "", "Ingredient", "EA"), eggs.Version, CancellationToken.None);
        await cut.Find("#product-description").ChangeAsync(new ChangeEventArgs { Value = "Mine" });

        await SubmitAsync(cut);

        cut.WaitForAssertion(() => cut.Find("#product-conflict").TextContent.Should().Contain("was changed by someone else"), Wait);
        (await _page.Inventory.GetProductAsync(Facility, eggs.Id, CancellationToken.None)).Description.Should().BeEmpty();

        await cut.Find("#product-reload").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => cut.Find("#product-name").GetAttribute("value").Should().Be("Eggs (free range)"), Wait);
        cut.FindAll("#product-conflict").Should().BeEmpty();
    }

    [Fact]
    public async Task Archive_WhenClicked_ThenTheProductIsArchivedAndTheButtonOffersRestore()
    {
        var eggs = await _page.AddProductAsync("Eggs", unit: "EA");
        var cut = RenderEditor(eggs.Id);

        await cut.Find("#product-archive").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => cut.Find("#product-archive").TextContent.Trim().Should().Be("Restore"), Wait);
        cut.FindAll("#product-archived").Should().ContainSingle();
        (await _page.Inventory.GetProductAsync(Facility, eggs.Id, CancellationToken.None)).Archived.Should().BeTrue();
    }

    private IRenderedComponent<ProductEditor> RenderEditor(string productId)
    {
        _page.Services.GetRequiredService<NavigationManager>()
            .NavigateTo($"/bakery-ops-data/products/{productId}?facility={Facility}");
        var cut = productId == "new"
            ? _page.Render<ProductEditor>()
            : _page.Render<ProductEditor>(p => p.Add(e => e.ProductId, productId));
        cut.WaitForElement("#product-form", Wait);
        return cut;
    }

    private async Task FillAsync(IRenderedComponent<ProductEditor> cut, string name, string unit)
    {
        await cut.Find("#product-name").ChangeAsync(new ChangeEventArgs { Value = name });
        await _page.SelectAsync(cut, "#product-unit", unit + " · " + UnitCatalogue.All.Single(u => u.Code == unit).Name);
    }

    // bUnit does not turn a click on a submit button into a form submission.
    private static Task SubmitAsync(IRenderedComponent<ProductEditor> cut) => cut.Find("#product-form").SubmitAsync();

    private async Task<IReadOnlyList<ProductView>> ProductsAsync() =>
        (await _page.Inventory.ListProductsAsync(Facility, new ProductQuery(Archived: null), CancellationToken.None)).Items;
}
