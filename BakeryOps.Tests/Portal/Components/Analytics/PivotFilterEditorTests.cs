using BakeryOps.Domain.Analytics;
using BakeryOps.Portal.Components.Pages.Analytics;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace BakeryOps.Tests.Portal.Components.Analytics;

/// <summary>The filter editor: the operations a field's type offers, the inputs each takes, and the filter it applies.</summary>
public sealed class PivotFilterEditorTests : IAsyncDisposable
{
    private static readonly IReadOnlyList<PivotFieldInfo> Fields =
    [
        new("movementType", "Movement type", PivotFieldType.Text, [Aggregates.Count], Groupable: true, IsMainDate: false),
        new("quantity", "Quantity", PivotFieldType.Number, [Aggregates.Sum], Groupable: true, IsMainDate: false),
        new("adjustmentDate", "Date", PivotFieldType.Instant, [Aggregates.Min], Groupable: true, IsMainDate: true),
    ];

    private readonly PortalTestContext _ctx = new();
    private readonly List<PivotFilter> _applied = [];

    public PivotFilterEditorTests() => _ctx.StartCircuit();

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();

    [Fact]
    public async Task DateField_WhenANamedRangeIsChosen_ThenTheRangeFilterIsApplied()
    {
        var cut = Render(null);
        await _ctx.SelectAsync(cut, "#filter-field", "Date");

        cut.FindAll("#filter-range").Should().ContainSingle("a date field starts with the named ranges");
        cut.Find("#filter-apply").HasAttribute("disabled").Should().BeTrue("no range is chosen yet");
        await _ctx.SelectAsync(cut, "#filter-range", "Last 7 days");
        await cut.Find("#filter-apply").ClickAsync(new MouseEventArgs());

        _applied.Should().ContainSingle().Which.Should().BeEquivalentTo(new PivotFilter("adjustmentDate", FilterOps.Range, ["last7Days"]));
    }

    [Fact]
    public async Task ListOperation_WhenValuesAreGivenOnePerLine_ThenBlanksAreWrittenAsTheBlankLabel()
    {
        var cut = Render(null);
        await _ctx.SelectAsync(cut, "#filter-op", "is one of");

        await cut.Find("#filter-values").InputAsync(new ChangeEventArgs { Value = "USAGE\n\n WASTE \n(blank)" });
        await cut.Find("#filter-apply").ClickAsync(new MouseEventArgs());

        _applied.Single().Should().BeEquivalentTo(new PivotFilter("movementType", FilterOps.In, ["USAGE", "WASTE", null]));
    }

    [Fact]
    public async Task NumberField_WhenBetweenIsChosen_ThenBothEndsAreNeeded()
    {
        var cut = Render(null);
        await _ctx.SelectAsync(cut, "#filter-field", "Quantity");
        await _ctx.SelectAsync(cut, "#filter-op", "between");

        await cut.Find("#filter-from").InputAsync(new ChangeEventArgs { Value = "1" });
        cut.Find("#filter-apply").HasAttribute("disabled").Should().BeTrue();
        await cut.Find("#filter-to").InputAsync(new ChangeEventArgs { Value = "2.5" });
        await cut.Find("#filter-apply").ClickAsync(new MouseEventArgs());

        _applied.Single().Should().BeEquivalentTo(new PivotFilter("quantity", FilterOps.Between, ["1", "2.5"]));
    }

    [Fact]
    public async Task ExistingFilter_WhenEdited_ThenItsValuesAreInTheInputsAndComeBackChangedOnlyWhereEdited()
    {
        var cut = Render(new PivotFilter("movementType", FilterOps.NotIn, ["RECEIPT", null]));

        cut.Find("#filter-values").GetAttribute("value").Should().Be("RECEIPT\n(blank)");
        await cut.Find("#filter-values").InputAsync(new ChangeEventArgs { Value = "RECEIPT\n(blank)\nTRANSFER" });
        await cut.Find("#filter-apply").ClickAsync(new MouseEventArgs());

        _applied.Single().Should().BeEquivalentTo(new PivotFilter("movementType", FilterOps.NotIn, ["RECEIPT", null, "TRANSFER"]));
    }

    private IRenderedComponent<PivotFilterEditor> Render(PivotFilter? filter) =>
        _ctx.Render<PivotFilterEditor>(p => p
            .Add(e => e.Fields, Fields)
            .Add(e => e.Filter, filter)
            .Add(e => e.OnApply, EventCallback.Factory.Create<PivotFilter>(this, _applied.Add)));
}
