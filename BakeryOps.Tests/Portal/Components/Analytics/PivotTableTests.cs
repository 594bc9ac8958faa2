using BakeryOps.Domain.Analytics;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Portal.Components.Pages.Analytics;
using BakeryOps.Portal.Components.Shared;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BakeryOps.Tests.Portal.Components.Analytics;

/// <summary>
/// The pivot table over results laid out as the engine answers them: group rows before their members, blanks, totals,
/// collapsing, heat shading and the keys behind a clicked cell.
/// </summary>
public sealed class PivotTableTests : IAsyncDisposable
{
    private readonly PortalTestContext _ctx = new();

    public PivotTableTests() => _ctx.Services.AddScoped(_ => new TimeDisplay(Options.Create(new SiteOptions())));

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();

    /// <summary>Category › product by movement type, subtotals on; the packaging product is blank.</summary>
    internal static PivotResult CategoryByProduct(bool subtotals = true)
    {
        IReadOnlyList<IReadOnlyList<object?>> rows = subtotals
            ? [["Ingredient"], ["Ingredient", "Flour"], ["Ingredient", "Sugar"], ["Packaging"], ["Packaging", null]]
            : [["Ingredient", "Flour"], ["Ingredient", "Sugar"], ["Packaging", null]];
        IReadOnlyList<IReadOnlyList<IReadOnlyList<object?>>> cells = subtotals
            ? [Cells(1284.5m, 20m), Cells(1234.5m, 20m), Cells(50m, null), Cells(10m, 5m), Cells(10m, 5m)]
            : [Cells(1234.5m, 20m), Cells(50m, null), Cells(10m, 5m)];
        IReadOnlyList<IReadOnlyList<object?>> rowTotals = subtotals
            ? [[1304.5m], [1254.5m], [50m], [15m], [15m]]
            : [[1254.5m], [50m], [15m]];
        return new PivotResult
        {
            Dataset = "movements",
            RowFields = ["category", "productName"],
            ColumnFields = ["movementType"],
            Measures = [new PivotMeasureInfo("inventoryQuantity", Aggregates.Sum, "Sum of inventory quantity", PivotFieldType.Number)],
            RowHeaders = rows,
            ColumnHeaders = [["RECEIPT"], ["USAGE"]],
            Cells = cells,
            RowTotals = rowTotals,
            ColumnTotals = [[1294.5m], [25m]],
            GrandTotal = [1319.5m],
            TimeZone = "UTC",
        };
    }

    [Fact]
    public void Table_WhenTheResultHasSubtotals_ThenGroupRowsHeadTheirMembersWithTotalsAndFormattedNumbers()
    {
        var cut = Render(CategoryByProduct());

        var rows = cut.FindAll("tbody tr.pivot-row");
        rows.Select(r => r.ClassList.Contains("pivot-group")).Should().Equal(true, false, false, true, false);
        rows[0].QuerySelector(".pivot-group-label")!.TextContent.Should().Contain("Ingredient");
        rows[0].QuerySelector(".pivot-group-label")!.GetAttribute("colspan").Should().Be("2");
        // A member leaves its group's value to the group row and shows its own.
        Labels(rows[1]).Should().Equal("", "Flour");
        Labels(rows[4]).Should().Equal("", PivotFormat.Blank);
        Cell(cut, 1, 0).TextContent.Should().Be("1,234.5");
        Cell(cut, 2, 1).TextContent.Should().BeEmpty("nothing was grouped there");
        cut.Find("tbody tr[data-row='0'] td.pivot-row-total").TextContent.Should().Be("1,304.5");
        cut.FindAll("tfoot td.pivot-column-total").Select(c => c.TextContent).Should().Equal("1,294.5", "25");
        cut.Find("tfoot td.pivot-grand-total").TextContent.Should().Be("1,319.5");
        cut.FindAll("thead th.pivot-column-label").Select(c => c.TextContent.Trim()).Should().Equal("RECEIPT", "USAGE", "Total");
        cut.Find("thead th.pivot-corner").TextContent.Should().Be("category › productName · Sum of inventory quantity");
    }

    [Fact]
    public void Table_WhenThereAreNoSubtotals_ThenEveryRowShowsItsWholePathAndNothingCollapses()
    {
        var cut = Render(CategoryByProduct(subtotals: false));

        cut.FindAll("tbody tr.pivot-group").Should().BeEmpty();
        Labels(cut.Find("tbody tr[data-row='0']")).Should().Equal("Ingredient", "Flour");
        Labels(cut.Find("tbody tr[data-row='2']")).Should().Equal("Packaging", PivotFormat.Blank);
        cut.FindAll("#pivot-collapse-all").Should().BeEmpty();
    }

    [Fact]
    public async Task Toggle_WhenAGroupIsCollapsedAndExpanded_ThenItsMembersHideAndReturn()
    {
        var cut = Render(CategoryByProduct());

        await cut.Find("tbody tr[data-row='0'] .pivot-toggle").ClickAsync(new MouseEventArgs());

        VisibleRows(cut).Should().Equal(0, 3, 4);
        cut.Find("tbody tr[data-row='0'] .pivot-toggle").GetAttribute("aria-expanded").Should().Be("false");
        cut.Find("tbody tr[data-row='0'] td.pivot-row-total").TextContent.Should().Be("1,304.5", "a collapsed group still shows its subtotal");

        await cut.Find("tbody tr[data-row='0'] .pivot-toggle").ClickAsync(new MouseEventArgs());

        VisibleRows(cut).Should().Equal(0, 1, 2, 3, 4);
    }

    [Fact]
    public async Task CollapseAll_WhenClicked_ThenOnlyGroupRowsRemainUntilExpandAll()
    {
        var cut = Render(CategoryByProduct());

        await cut.Find("#pivot-collapse-all").ClickAsync(new MouseEventArgs());
        VisibleRows(cut).Should().Equal(0, 3);

        await cut.Find("#pivot-expand-all").ClickAsync(new MouseEventArgs());
        VisibleRows(cut).Should().Equal(0, 1, 2, 3, 4);
    }

    [Fact]
    public async Task Collapse_WhenTheResultIsReplaced_ThenTheSameGroupStaysCollapsed()
    {
        var cut = Render(CategoryByProduct());
        await cut.Find("tbody tr[data-row='3'] .pivot-toggle").ClickAsync(new MouseEventArgs());

        cut.Render(p => p.Add(t => t.Model, new PivotTableModel(CategoryByProduct())));

        VisibleRows(cut).Should().Equal(0, 1, 2, 3);
    }

    [Fact]
    public void Heat_WhenRendered_ThenLeafCellsAreShadedBetweenTheMeasuresLeafMinimumAndMaximum()
    {
        var cut = Render(CategoryByProduct());

        // Leaf values: 1234.5, 20, 50, 10, 5 (and a blank): 5 is the least, 1234.5 the most.
        Cell(cut, 1, 0).GetAttribute("data-heat").Should().Be("1");
        Cell(cut, 4, 1).GetAttribute("data-heat").Should().Be("0");
        double.Parse(Cell(cut, 2, 0).GetAttribute("data-heat")!, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeApproximately(45d / 1229.5d, 0.001);
        Cell(cut, 1, 0).GetAttribute("style").Should().Contain("rgba(var(--mud-palette-primary-rgb), 0.56)");
        Cell(cut, 4, 1).GetAttribute("style").Should().Contain("rgba(var(--mud-palette-primary-rgb), 0.06)");
        Cell(cut, 0, 0).HasAttribute("data-heat").Should().BeFalse("a subtotal is not compared with the leaves");
        Cell(cut, 2, 1).HasAttribute("data-heat").Should().BeFalse("a blank has no heat");
        cut.FindAll("td.pivot-row-total[data-heat], tfoot td[data-heat]").Should().BeEmpty();
    }

    [Fact]
    public void Heat_WhenThereAreSeveralMeasures_ThenEachIsShadedAgainstItsOwnRange()
    {
        var result = new PivotResult
        {
            Dataset = "movements",
            RowFields = ["category"],
            ColumnFields = [],
            Measures =
            [
                new PivotMeasureInfo("inventoryQuantity", Aggregates.Sum, "Sum", PivotFieldType.Number),
                new PivotMeasureInfo(null, Aggregates.Count, "Rows", PivotFieldType.Integer),
            ],
            RowHeaders = [["A"], ["B"]],
            ColumnHeaders = [],
            Cells = [[], []],
            RowTotals = [[1000m, 2L], [10m, 8L]],
            ColumnTotals = [],
            GrandTotal = [1010m, 10L],
            TimeZone = "UTC",
        };

        var cut = Render(result);

        cut.FindAll("tbody tr[data-row='0'] td.pivot-cell").Select(c => c.GetAttribute("data-heat")).Should().Equal("1", "0");
        cut.FindAll("tbody tr[data-row='1'] td.pivot-cell").Select(c => c.GetAttribute("data-heat")).Should().Equal("0", "1");
        cut.FindAll("tbody tr[data-row='0'] td.pivot-cell").Select(c => c.TextContent).Should().Equal("1,000", "2");
        cut.FindAll("thead th.pivot-measure-label").Select(c => c.TextContent).Should().Equal("Sum", "Rows");
    }

    [Fact]
    public void ColumnHeaders_WhenTwoColumnFieldsHaveSubtotals_ThenGroupsSpanTheirColumnsAndSubtotalsSayTotal()
    {
        var result = CategoryByProduct() with
        {
            RowFields = ["productName"],
            ColumnFields = ["category", "movementType"],
            RowHeaders = [["Flour"]],
            ColumnHeaders = [["Ingredient"], ["Ingredient", "RECEIPT"], ["Ingredient", "USAGE"], ["Packaging"], ["Packaging", "RECEIPT"]],
            Cells = [[[1m], [1m], [null], [2m], [2m]]],
            RowTotals = [[3m]],
            ColumnTotals = [[1m], [1m], [null], [2m], [2m]],
            GrandTotal = [3m],
        };

        var cut = Render(result);

        var headerRows = cut.FindAll("thead tr");
        headerRows.Should().HaveCount(2);
        headerRows[0].QuerySelectorAll("th.pivot-column-label").Select(c => (c.TextContent.Trim(), c.GetAttribute("colspan"), c.GetAttribute("rowspan")))
            .Should().Equal(("Ingredient", "3", "1"), ("Packaging", "2", "1"), ("Total", "1", "2"));
        headerRows[1].QuerySelectorAll("th.pivot-column-label").Select(c => c.TextContent.Trim())
            .Should().Equal("Total", "RECEIPT", "USAGE", "Total", "RECEIPT");
        cut.FindAll("tbody td.pivot-subtotal").Select(c => c.GetAttribute("data-column")).Should().Equal("0", "3");
    }

    [Fact]
    public async Task CellClick_WhenACellOrATotalIsClicked_ThenItsRowColumnAndMeasureAreRaised()
    {
        var clicked = new List<PivotCellRef>();
        var cut = Render(CategoryByProduct(), clicked.Add);

        await Cell(cut, 2, 1).ClickAsync(new MouseEventArgs());
        await cut.Find("tbody tr[data-row='3'] td.pivot-row-total").ClickAsync(new MouseEventArgs());
        await cut.FindAll("tfoot td.pivot-column-total")[1].ClickAsync(new MouseEventArgs());
        await cut.Find("tfoot td.pivot-grand-total").ClickAsync(new MouseEventArgs());

        clicked.Should().Equal(new PivotCellRef(2, 1, 0), new PivotCellRef(3, null, 0), new PivotCellRef(null, 1, 0), new PivotCellRef(null, null, 0));
    }

    [Fact]
    public void KeysOf_WhenACellIsUnderABlankAndAnOtherGroup_ThenTheKeysNameTheBlankAndTheShownValues()
    {
        var result = CategoryByProduct() with
        {
            RowHeaders = [["Ingredient"], ["Ingredient", "Flour"], ["Ingredient", PivotResult.OtherLabel], ["Packaging"], ["Packaging", null]],
        };
        var model = new PivotTableModel(result);

        model.KeysOf(4, 0).Should().BeEquivalentTo(
            [new PivotCellKey("category", "Packaging"), new PivotCellKey("productName", null), new PivotCellKey("movementType", "RECEIPT")],
            o => o.WithStrictOrdering());
        var other = model.KeysOf(2, null);
        other[1].IsOther.Should().BeTrue();
        other[1].Shown.Should().Equal("Flour");
        model.KeysOf(0, null).Should().Equal(new PivotCellKey("category", "Ingredient"));
        model.KeysOf(null, null).Should().BeEmpty();
    }

    private IRenderedComponent<PivotTable> Render(PivotResult result, Action<PivotCellRef>? onClick = null) =>
        _ctx.Render<PivotTable>(p => p
            .Add(t => t.Model, new PivotTableModel(result))
            .Add(t => t.OnCellClick, EventCallback.Factory.Create(this, onClick ?? (_ => { }))));

    private static AngleSharp.Dom.IElement Cell(IRenderedComponent<PivotTable> cut, int row, int column) =>
        cut.Find($"tbody td.pivot-cell[data-row='{row}'][data-column='{column}'][data-measure='0']");

    private static List<string> Labels(AngleSharp.Dom.IElement row) =>
        [.. row.QuerySelectorAll("th.pivot-row-label").Select(c => c.TextContent.Trim())];

    private static List<int> VisibleRows(IRenderedComponent<PivotTable> cut) =>
        [.. cut.FindAll("tbody tr.pivot-row").Select(r => int.Parse(r.GetAttribute("data-row")!, System.Globalization.CultureInfo.InvariantCulture))];

    private static IReadOnlyList<IReadOnlyList<object?>> Cells(decimal? receipt, decimal? usage) => [[receipt], [usage]];
}
