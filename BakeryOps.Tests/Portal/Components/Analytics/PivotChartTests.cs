using BakeryOps.Domain.Analytics;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Portal.Components.Pages.Analytics;
using BakeryOps.Portal.Components.Shared;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BakeryOps.Tests.Portal.Components.Analytics;

/// <summary>The pivot's chart: what each kind plots along its axis and as series, and that MudChart draws it.</summary>
public sealed class PivotChartTests : IAsyncDisposable
{
    private readonly PortalTestContext _ctx = new();

    public PivotChartTests() => _ctx.Services.AddScoped(_ => new TimeDisplay(Options.Create(new SiteOptions())));

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();

    [Theory]
    [InlineData(PivotChartKind.Bar)]
    [InlineData(PivotChartKind.Stacked)]
    [InlineData(PivotChartKind.Line)]
    public void From_WhenThereAreColumns_ThenLeafRowsAreTheAxisAndEachLeafColumnASeries(PivotChartKind kind)
    {
        var data = PivotChartData.From(new PivotTableModel(PivotTableTests.CategoryByProduct()), kind, Label);

        data.Labels.Should().Equal("Ingredient / Flour", "Ingredient / Sugar", "Packaging / (blank)");
        data.Series.Select(s => s.Name).Should().Equal("RECEIPT", "USAGE");
        data.Series[0].Data.Values.Should().Equal(1234.5d, 50d, 10d);
        data.Series[1].Data.Values.Should().Equal(20d, 0d, 5d);
    }

    [Fact]
    public void From_WhenTheChartIsADonut_ThenItSharesOutTheFirstMeasuresRowTotals()
    {
        var data = PivotChartData.From(new PivotTableModel(PivotTableTests.CategoryByProduct()), PivotChartKind.Donut, Label);

        data.Series.Should().ContainSingle().Which.Data.Values.Should().Equal(1254.5d, 50d, 15d);
        data.Labels.Should().HaveCount(3);
    }

    [Fact]
    public void From_WhenThereAreNoColumns_ThenEachMeasureIsASeries()
    {
        var result = PivotTableTests.CategoryByProduct(subtotals: false) with
        {
            ColumnFields = [],
            ColumnHeaders = [],
            Measures =
            [
                new PivotMeasureInfo("inventoryQuantity", Aggregates.Sum, "Sum", PivotFieldType.Number),
                new PivotMeasureInfo(null, Aggregates.Count, "Rows", PivotFieldType.Integer),
            ],
            Cells = [[], [], []],
            RowTotals = [[1254.5m, 3L], [50m, 1L], [15m, 2L]],
        };

        var data = PivotChartData.From(new PivotTableModel(result), PivotChartKind.Bar, Label);

        data.Series.Select(s => s.Name).Should().Equal("Sum", "Rows");
        data.Series[1].Data.Values.Should().Equal(3d, 1d, 2d);
    }

    [Theory]
    [InlineData(PivotChartKind.Bar, "bar")]
    [InlineData(PivotChartKind.Stacked, "stacked")]
    [InlineData(PivotChartKind.Line, "line")]
    [InlineData(PivotChartKind.Donut, "donut")]
    public void Chart_WhenRendered_ThenMudChartDrawsTheKindWithDownloads(PivotChartKind kind, string name)
    {
        var cut = _ctx.Render<PivotChart>(p => p
            .Add(c => c.Model, new PivotTableModel(PivotTableTests.CategoryByProduct()))
            .Add(c => c.Kind, kind));

        var chart = cut.Find("#pivot-chart");
        chart.GetAttribute("data-kind").Should().Be(name);
        chart.QuerySelector("svg").Should().NotBeNull();
        cut.Find("#pivot-download-svg").HasAttribute("disabled").Should().BeFalse();
        cut.Find("#pivot-download-png").HasAttribute("disabled").Should().BeFalse();
    }

    [Fact]
    public void Chart_WhenThePivotHasNoRows_ThenItSaysSoAndOffersNoDownload()
    {
        var empty = PivotTableTests.CategoryByProduct() with { RowHeaders = [], Cells = [], RowTotals = [] };

        var cut = _ctx.Render<PivotChart>(p => p.Add(c => c.Model, new PivotTableModel(empty)));

        cut.Find("#pivot-chart-empty").TextContent.Should().Contain("no rows");
        cut.Find("#pivot-download-svg").HasAttribute("disabled").Should().BeTrue();
    }

    private static string Label(object? value) => value?.ToString() ?? PivotFormat.Blank;
}
