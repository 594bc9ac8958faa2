using BakeryOps.Domain.Analytics;
using BakeryOps.Portal.Components.Pages.Analytics;

namespace BakeryOps.Tests.Portal.Components.Analytics;

/// <summary>The pivot page's address codec: every part, the escaping of filter values, and addresses it cannot read.</summary>
public sealed class PivotQueryTests
{
    private static readonly PivotSpec Full = new()
    {
        Dataset = "movements",
        Rows = ["category", "productName"],
        Columns = ["movementType"],
        Measures = [new PivotMeasure("inventoryQuantity", Aggregates.Sum), new PivotMeasure("id", Aggregates.Count), new PivotMeasure(null, Aggregates.Count)],
        Filters =
        [
            new PivotFilter("movementType", FilterOps.In, ["USAGE", "WASTE"]),
            new PivotFilter("adjustmentDate", FilterOps.Range, ["lastMonth"]),
        ],
        DateGrouping = DateGroupings.Month,
        Sort = new PivotSort(PivotSort.ByValue, PivotSort.Descending, 1),
        TopN = 5,
        Subtotals = false,
        TimeZone = "Europe/Paris",
    };

    public static TheoryData<string?> AwkwardValues => new()
    {
        "a|b", "100%", "%7C", "~", "~x", "", null, "a:b:c", "x&y=z#w", "a+b c", "Crème brûlée", "a,b", "/path?q", "  padded  ",
    };

    [Fact]
    public void Format_WhenEveryPartIsSet_ThenEachPartIsWrittenLegiblyInOrder()
    {
        var query = PivotQuery.Format(new PivotView(Full, PivotDisplay.Chart, PivotChartKind.Donut));

        query.Should().Be(
            "dataset=movements&rows=category,productName&columns=movementType&measures=inventoryQuantity:sum,id:count,count"
            + "&f=movementType:in:USAGE|WASTE&f=adjustmentDate:range:lastMonth&dateGrouping=month&sort=value:desc:1&topN=5"
            + "&subtotals=false&tz=Europe/Paris&view=chart&chart=donut");
    }

    [Fact]
    public void Format_WhenOnlyTheDatasetIsSet_ThenDefaultsAreLeftOut()
    {
        PivotQuery.Format(new PivotView(new PivotSpec { Dataset = "products" })).Should().Be("dataset=products");
    }

    [Theory]
    [InlineData(PivotDisplay.Table, PivotChartKind.Bar)]
    [InlineData(PivotDisplay.Chart, PivotChartKind.Bar)]
    [InlineData(PivotDisplay.Chart, PivotChartKind.Stacked)]
    [InlineData(PivotDisplay.Chart, PivotChartKind.Line)]
    [InlineData(PivotDisplay.Table, PivotChartKind.Donut)]
    public void Parse_WhenGivenAFormattedView_ThenTheSameViewComesBack(PivotDisplay display, PivotChartKind chart)
    {
        var view = new PivotView(Full, display, chart);

        var parsed = PivotQuery.Parse("?" + PivotQuery.Format(view));

        parsed.Problems.Should().BeEmpty();
        PivotViewAssert.Equal(parsed.View, view);
    }

    [Fact]
    public void Parse_WhenGivenAMinimalView_ThenDefaultsComeBack()
    {
        var view = new PivotView(new PivotSpec { Dataset = "movements" });

        var parsed = PivotQuery.Parse(PivotQuery.Format(view));

        PivotViewAssert.Equal(parsed.View, view);
        parsed.View!.Spec.Subtotals.Should().BeTrue();
        parsed.View.Spec.Sort.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(AwkwardValues))]
    public void Parse_WhenAFilterValueHoldsSeparatorsOrEscapes_ThenItComesBackUnchanged(string? value)
    {
        var view = new PivotView(new PivotSpec
        {
            Dataset = "movements",
            Filters = [new PivotFilter("lotNumber", FilterOps.In, [value, "plain", value])],
        });

        var query = PivotQuery.Format(view);
        var parsed = PivotQuery.Parse(query);

        parsed.Problems.Should().BeEmpty();
        parsed.View!.Spec.Filters.Should().ContainSingle().Which.Values.Should().Equal(value, "plain", value);
        // What an address must not carry raw: the query's own separators and spaces.
        query.Should().NotContainAny(" ", "#", "+").And.Subject.Split('&').Should().OnlyContain(p => p.Count(c => c == '=') == 1);
    }

    [Fact]
    public void Parse_WhenAFilterHasNoValuesOrOneEmptyValue_ThenTheTwoStayApart()
    {
        var view = new PivotView(new PivotSpec
        {
            Dataset = "movements",
            Filters = [new PivotFilter("lotNumber", FilterOps.Equal, []), new PivotFilter("lotNumber", FilterOps.Equal, [""]), new PivotFilter("lotNumber", FilterOps.Equal, [null])],
        });

        var parsed = PivotQuery.Parse(PivotQuery.Format(view));

        parsed.View!.Spec.Filters.Select(f => f.Values).Should().BeEquivalentTo(
            new[] { Array.Empty<string?>(), new string?[] { "" }, new string?[] { null } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Parse_WhenTheBrowserEscapedTheSeparators_ThenTheViewIsTheSame()
    {
        var parsed = PivotQuery.Parse("dataset=movements&rows=category%2CproductName&f=movementType%3Aeq%3AUSAGE%7CWASTE&tz=Europe%2FParis");

        parsed.Problems.Should().BeEmpty();
        parsed.View!.Spec.Rows.Should().Equal("category", "productName");
        parsed.View.Spec.Filters.Should().ContainSingle().Which.Should().BeEquivalentTo(new PivotFilter("movementType", "eq", ["USAGE", "WASTE"]));
        parsed.View.Spec.TimeZone.Should().Be("Europe/Paris");
    }

    [Fact]
    public void Parse_WhenNamesAreWrittenLoosely_ThenTheyAreReadAsTheCanonicalNames()
    {
        var parsed = PivotQuery.Parse("dataset=movements&measures=quantity:SUM,*:count,:count,qty:distinct_count&f=unit:%3D:KG&dateGrouping=Monthly&sort=VALUE:DESC&chart=stackedBar&subtotals=0");

        parsed.Problems.Should().BeEmpty();
        parsed.View!.Spec.Measures.Should().Equal(
            new PivotMeasure("quantity", "sum"), new PivotMeasure(null, "count"), new PivotMeasure(null, "count"), new PivotMeasure("qty", "countDistinct"));
        parsed.View.Spec.Filters.Single().Op.Should().Be("eq");
        parsed.View.Spec.DateGrouping.Should().Be("month");
        parsed.View.Spec.Sort.Should().Be(new PivotSort("value", "desc"));
        parsed.View.Chart.Should().Be(PivotChartKind.Stacked);
        parsed.View.Spec.Subtotals.Should().BeFalse();
    }

    [Fact]
    public void Parse_WhenTheAddressIsEmpty_ThenThereIsNoViewAndNoProblem()
    {
        foreach (var query in new[] { null, "", "?" })
        {
            var parsed = PivotQuery.Parse(query);

            parsed.View.Should().BeNull();
            parsed.Problems.Should().BeEmpty();
        }
    }

    [Fact]
    public void Parse_WhenTheDatasetIsMissingOrBad_ThenThereIsNoViewAndTheProblemIsNamed()
    {
        PivotQuery.Parse("rows=category").Problems.Should().ContainSingle().Which.Should().Contain("names no dataset");

        var bad = PivotQuery.Parse("dataset=movements;drop table");
        bad.View.Should().BeNull();
        bad.Problems.Should().Contain(p => p.Contains("'movements;drop table'") && p.Contains("not a dataset name"));
    }

    [Theory]
    [InlineData("rows=category,1bad", "'1bad' in rows is not a field name")]
    [InlineData("rows=a,b,c,d", "rows may name at most 3 fields; 'd' was ignored")]
    [InlineData("columns=a,b,c", "columns may name at most 2 fields")]
    [InlineData("measures=quantity:median", "The measure 'quantity:median' has no aggregate")]
    [InlineData("measures=quan tity:sum", "does not name a field")]
    [InlineData("f=movementType:like2:USAGE", "has no operation of")]
    [InlineData("f=:eq:USAGE", "does not start with a field name")]
    [InlineData("f=movementType", "has no operation of")]
    [InlineData("dateGrouping=fortnight", "The date grouping 'fortnight' is not one of day, week, month, quarter, year")]
    [InlineData("sort=size:asc", "The sort 'size:asc' is not label or value")]
    [InlineData("sort=value:up", "is not label or value, asc or desc")]
    [InlineData("sort=value:asc:x", "is not label or value")]
    [InlineData("topN=0", "topN '0' is not a whole number from 1 to 10000")]
    [InlineData("topN=-3", "is not a whole number")]
    [InlineData("topN=ten", "is not a whole number")]
    [InlineData("subtotals=maybe", "subtotals 'maybe' is not true or false")]
    [InlineData("view=grid", "view 'grid' is not table or chart")]
    [InlineData("chart=pie", "chart 'pie' is not bar, stacked, line or donut")]
    [InlineData("colour=red", "'colour' in the address is not a pivot setting")]
    [InlineData("topN=3&topN=4", "'topN' is given more than once")]
    public void Parse_WhenAPartIsBad_ThenItIsNamedAndTheRestStillApplies(string part, string problem)
    {
        var parsed = PivotQuery.Parse($"dataset=movements&{part}&tz=UTC");

        parsed.Problems.Should().ContainSingle().Which.Should().Contain(problem);
        parsed.View.Should().NotBeNull();
        parsed.View!.Spec.Dataset.Should().Be("movements");
        parsed.View.Spec.TimeZone.Should().Be("UTC");
    }

    [Fact]
    public void Parse_WhenTheTimeZoneIsUnknown_ThenItIsNamedAndDatesFollowThePage()
    {
        var parsed = PivotQuery.Parse("dataset=movements&tz=Mars/Olympus&rows=category");

        parsed.Problems.Should().ContainSingle().Which.Should().Contain("The time zone 'Mars/Olympus' is not known");
        parsed.View!.Spec.TimeZone.Should().BeNull();
        parsed.View.Spec.Rows.Should().Equal("category");
    }

    [Fact]
    public void Parse_WhenABadPartIsLeftOut_ThenTheDefaultStands()
    {
        var view = PivotQuery.Parse("dataset=movements&topN=many&subtotals=sometimes&view=grid&chart=pie&sort=by:magic&dateGrouping=aeon").View!;

        view.Spec.TopN.Should().BeNull();
        view.Spec.Subtotals.Should().BeTrue();
        view.Spec.Sort.Should().BeNull();
        view.Spec.DateGrouping.Should().BeNull();
        view.Display.Should().Be(PivotDisplay.Table);
        view.Chart.Should().Be(PivotChartKind.Bar);
    }

    [Fact]
    public void Parse_WhenAProblemQuotesALongValue_ThenTheQuoteIsCut()
    {
        var parsed = PivotQuery.Parse("dataset=movements&view=" + new string('x', 500));

        parsed.Problems.Single().Length.Should().BeLessThan(150);
    }

    [Fact]
    public void Parse_WhenThereAreMoreFiltersOrMeasuresThanASpecHolds_ThenTheExtraOnesAreNamed()
    {
        var filters = string.Join('&', Enumerable.Range(0, PivotSpec.MaxFilters + 1).Select(i => $"f=lotNumber:ne:L{i}"));
        var measures = string.Join(',', Enumerable.Range(0, PivotSpec.MaxMeasures + 1).Select(_ => "quantity:sum"));

        var parsed = PivotQuery.Parse($"dataset=movements&{filters}&measures={measures}");

        parsed.View!.Spec.Filters.Should().HaveCount(PivotSpec.MaxFilters);
        parsed.View.Spec.Measures.Should().HaveCount(PivotSpec.MaxMeasures);
        parsed.Problems.Should().HaveCount(2);
    }
}

/// <summary>Views compared member by member: the spec's lists are compared by their items, in order.</summary>
internal static class PivotViewAssert
{
    public static void Equal(PivotView? actual, PivotView expected) =>
        actual.Should().BeEquivalentTo(expected, o => o
            .ComparingByMembers<PivotView>().ComparingByMembers<PivotSpec>().ComparingByMembers<PivotFilter>()
            .WithStrictOrdering());
}
