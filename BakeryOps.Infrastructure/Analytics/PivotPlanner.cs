using BakeryOps.Domain.Analytics;
using BakeryOps.Domain.Errors;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// Checks a spec against its dataset's whitelist and types its filter values, so that only known fields, fixed
/// aggregates and typed parameters reach the SQL. Every refusal names the part of the spec at fault.
/// </summary>
internal static class PivotPlanner
{
    public const int MaxTopN = 1_000;
    public const int MaxFilterValues = 1_000;

    public static PivotPlan Plan(PivotSpec spec, TimeZoneInfo siteZone, DateTimeOffset now)
    {
        var dataset = PivotDatasets.Find(spec.Dataset)
            ?? throw RequestValidationException.For("dataset",
                $"'{Shown(spec.Dataset)}' is not a dataset; the datasets are {string.Join(", ", PivotDatasets.All.Select(d => d.Name))}.");
        var zone = Zone(spec.TimeZone, siteZone);
        string? grouping = null;
        if (!string.IsNullOrWhiteSpace(spec.DateGrouping))
        {
            grouping = DateGroupings.Normalise(spec.DateGrouping)
                ?? throw RequestValidationException.For("dateGrouping", $"'{Shown(spec.DateGrouping)}' is not a date grouping; use {string.Join(", ", DateGroupings.All)}.");
        }

        var rows = Axis(dataset, spec.Rows ?? [], "rows", PivotSpec.MaxRows, grouping);
        var columns = Axis(dataset, spec.Columns ?? [], "columns", PivotSpec.MaxColumns, grouping);
        var named = rows.Concat(columns).Select(a => a.Field.Name).ToList();
        if (named.Distinct(StringComparer.Ordinal).Count() != named.Count)
        {
            var twice = named.GroupBy(n => n, StringComparer.Ordinal).First(g => g.Count() > 1).Key;
            throw RequestValidationException.For("columns", $"'{twice}' is named more than once among rows and columns.");
        }

        // A grouping with no date among the axes groups by the dataset's main date, as the last column (or row).
        if (grouping is not null && !rows.Concat(columns).Any(a => a.Field.IsDate) && dataset.Find(dataset.MainDate) is { } mainDate)
        {
            if (columns.Count < PivotSpec.MaxColumns)
            {
                columns = [.. columns, new PivotAxisField(mainDate, grouping)];
            }
            else if (rows.Count < PivotSpec.MaxRows)
            {
                rows = [.. rows, new PivotAxisField(mainDate, grouping)];
            }
            else
            {
                throw RequestValidationException.For("dateGrouping",
                    $"dateGrouping adds {mainDate.Name} to the columns, but rows and columns are full; name {mainDate.Name} in place of another field.");
            }
        }

        var measures = Measures(dataset, spec.Measures ?? []);
        var conditions = Filters(dataset, spec.Filters ?? [], zone, now);
        var sort = Sort(spec.Sort, measures.Count);
        if (spec.TopN is { } topN)
        {
            if (topN is < 1 or > MaxTopN)
            {
                throw RequestValidationException.For("topN", $"topN must be between 1 and {MaxTopN}.");
            }

            if (measures.Any(m => m.Aggregate == Aggregates.CountDistinct))
            {
                throw RequestValidationException.For("topN",
                    "topN cannot fold a countDistinct measure into \"Other\" (distinct counts do not add up); drop topN or count instead.");
            }
        }

        return new PivotPlan(dataset, rows, columns, measures, conditions, sort, spec.TopN, spec.Subtotals, zone, grouping);
    }

    public static TimeZoneInfo Zone(string? name, TimeZoneInfo siteZone)
    {
        if (string.IsNullOrWhiteSpace(name) || string.Equals(name.Trim(), "site", StringComparison.OrdinalIgnoreCase))
        {
            return siteZone;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(name.Trim(), out var zone)
            ? zone
            : throw RequestValidationException.For("timeZone", $"'{Shown(name)}' is not a time zone; use \"site\", \"UTC\" or an IANA id such as Europe/Paris.");
    }

    private static List<PivotAxisField> Axis(PivotDataset dataset, IReadOnlyList<string> names, string part, int max, string? grouping)
    {
        if (names.Count > max)
        {
            throw RequestValidationException.For(part, $"At most {max} {part} fields; {names.Count} were given.");
        }

        var result = new List<PivotAxisField>();
        for (var i = 0; i < names.Count; i++)
        {
            var field = Field(dataset, names[i], $"{part}[{i}]");
            if (!field.Groupable)
            {
                throw RequestValidationException.For($"{part}[{i}]",
                    $"'{field.Name}' is a quantity and cannot be a row or column; use it as a measure.");
            }

            result.Add(new PivotAxisField(field, field.IsDate ? grouping ?? DateGroupings.Day : null));
        }

        return result;
    }

    private static List<PivotMeasurePlan> Measures(PivotDataset dataset, IReadOnlyList<PivotMeasure> measures)
    {
        if (measures.Count > PivotSpec.MaxMeasures)
        {
            throw RequestValidationException.For("measures", $"At most {PivotSpec.MaxMeasures} measures; {measures.Count} were given.");
        }

        if (measures.Count == 0)
        {
            return [new PivotMeasurePlan(null, Aggregates.Count, "Rows", PivotFieldType.Integer)];
        }

        var result = new List<PivotMeasurePlan>();
        for (var i = 0; i < measures.Count; i++)
        {
            var measure = measures[i] ?? throw RequestValidationException.For($"measures[{i}]", "A measure needs an aggregate and usually a field.");
            var aggregate = Aggregates.Normalise(measure.Aggregate)
                ?? throw RequestValidationException.For($"measures[{i}].aggregate",
                    $"'{Shown(measure.Aggregate)}' is not an aggregate; use {string.Join(", ", Aggregates.All)}.");
            if (string.IsNullOrWhiteSpace(measure.Field) || measure.Field.Trim() == "*")
            {
                if (aggregate != Aggregates.Count)
                {
                    throw RequestValidationException.For($"measures[{i}].field", $"{aggregate} needs a field; only count may go without one (it counts rows).");
                }

                result.Add(new PivotMeasurePlan(null, aggregate, "Rows", PivotFieldType.Integer));
                continue;
            }

            var field = Field(dataset, measure.Field, $"measures[{i}].field");
            if (!field.Aggregates.Contains(aggregate))
            {
                throw RequestValidationException.For($"measures[{i}].aggregate",
                    $"{aggregate} does not fit {field.Name} ({field.Type.ToString().ToLowerInvariant()}); it allows {string.Join(", ", field.Aggregates)}.");
            }

            var type = aggregate switch
            {
                Aggregates.Count or Aggregates.CountDistinct => PivotFieldType.Integer,
                Aggregates.Avg => PivotFieldType.Number,
                Aggregates.Sum when field.Type == PivotFieldType.Integer => PivotFieldType.Integer,
                _ => field.Type,
            };
            result.Add(new PivotMeasurePlan(field, aggregate, $"{field.Label} ({Label(aggregate)})", type));
        }

        return result;
    }

    private static string Label(string aggregate) => aggregate switch
    {
        Aggregates.CountDistinct => "distinct",
        Aggregates.Avg => "average",
        _ => aggregate,
    };

    private static PivotSort Sort(PivotSort? sort, int measures)
    {
        if (sort is null)
        {
            return new PivotSort();
        }

        var by = sort.By?.Trim().ToLowerInvariant() switch
        {
            null or "" or PivotSort.ByLabel => PivotSort.ByLabel,
            PivotSort.ByValue => PivotSort.ByValue,
            _ => throw RequestValidationException.For("sort.by", $"'{Shown(sort.By)}' is not a sort; use label or value."),
        };
        var direction = sort.Direction?.Trim().ToLowerInvariant() switch
        {
            null or "" or PivotSort.Ascending or "ascending" => PivotSort.Ascending,
            PivotSort.Descending or "descending" => PivotSort.Descending,
            _ => throw RequestValidationException.For("sort.direction", $"'{Shown(sort.Direction)}' is not a direction; use asc or desc."),
        };
        if (sort.Measure < 0 || sort.Measure >= measures)
        {
            throw RequestValidationException.For("sort.measure", $"sort.measure must be the index of a measure, 0 to {measures - 1}.");
        }

        return new PivotSort(by, direction, sort.Measure);
    }

    private static PivotField Field(PivotDataset dataset, string? name, string part) =>
        dataset.Find(name) ?? throw RequestValidationException.For(part,
            $"'{Shown(name)}' is not a field of {dataset.Name}; its fields are {string.Join(", ", dataset.Fields.Select(f => f.Name))}.");

    private static List<PivotCondition> Filters(PivotDataset dataset, IReadOnlyList<PivotFilter> filters, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (filters.Count > PivotSpec.MaxFilters)
        {
            throw RequestValidationException.For("filters", $"At most {PivotSpec.MaxFilters} filters; {filters.Count} were given.");
        }

        var result = new List<PivotCondition>();
        for (var i = 0; i < filters.Count; i++)
        {
            var part = $"filters[{i}]";
            var filter = filters[i] ?? throw RequestValidationException.For(part, "A filter needs a field, an op and a value.");
            var field = Field(dataset, filter.Field, $"{part}.field");
            var op = FilterOps.Normalise(filter.Op)
                ?? throw RequestValidationException.For($"{part}.op", $"'{Shown(filter.Op)}' is not a filter op; use {string.Join(", ", FilterOps.All)}.");
            result.AddRange(PivotFilterParser.Parse(field, op, filter.Values ?? [], $"{part}.value", zone, now));
        }

        return result;
    }

    /// <summary>A caller's text as quoted in a message: at most 60 characters, control characters dropped.</summary>
    public static string Shown(string? text)
    {
        if (text is null)
        {
            return "";
        }

        var clean = new string([.. text.Where(c => !char.IsControl(c))]);
        return clean.Length <= 60 ? clean : string.Concat(clean.AsSpan(0, 60), "…");
    }
}
