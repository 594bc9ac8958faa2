using System.Globalization;
using System.Text.RegularExpressions;
using BakeryOps.Domain.Analytics;

namespace BakeryOps.Portal.Components.Pages.Analytics;

/// <summary>
/// The pivot page's address: a <see cref="PivotView"/> as a query string and back, so a bookmark or a saved view opens
/// the same pivot. <c>dataset</c>, <c>rows</c> and <c>columns</c> (comma lists), <c>measures</c>
/// (<c>field:aggregate</c>, a bare aggregate counts rows), one <c>f=field:op:value|value</c> per filter,
/// <c>dateGrouping</c>, <c>sort=by:direction[:measure]</c>, <c>topN</c>, <c>subtotals</c>, <c>tz</c>, and how it is
/// shown: <c>view=table|chart</c>, <c>chart=bar|stacked|line|donut</c>. Defaults are left out.
/// </summary>
/// <remarks>
/// Filter values are percent-escaped twice: once inside the filter (so a value may hold the separators <c>|</c>
/// and <c>%</c>; a lone <c>~</c> stands for a blank), and once more as a query parameter. <see cref="Format"/> then
/// <see cref="Parse"/> gives the same view back; what an address gets wrong is named in
/// <see cref="PivotQueryParse.Problems"/> and left out, never thrown.
/// </remarks>
public static partial class PivotQuery
{
    public const int MaxTopN = 10_000;

    /// <summary>How a blank (null) filter value is written: a lone tilde, which escaping never produces.</summary>
    private const string BlankValue = "~";

    private const int MaxQuoted = 60;

    public static string Format(PivotView view)
    {
        var spec = view.Spec;
        var parts = new List<KeyValuePair<string, string>> { new("dataset", spec.Dataset) };
        if (spec.Rows.Count > 0)
        {
            parts.Add(new("rows", string.Join(',', spec.Rows)));
        }

        if (spec.Columns.Count > 0)
        {
            parts.Add(new("columns", string.Join(',', spec.Columns)));
        }

        if (spec.Measures.Count > 0)
        {
            parts.Add(new("measures", string.Join(',', spec.Measures.Select(FormatMeasure))));
        }

        parts.AddRange(spec.Filters.Select(f => new KeyValuePair<string, string>("f", FormatFilter(f))));
        if (spec.DateGrouping is not null)
        {
            parts.Add(new("dateGrouping", spec.DateGrouping));
        }

        if (spec.Sort is { } sort)
        {
            parts.Add(new("sort", sort.Measure == 0 ? $"{sort.By}:{sort.Direction}" : $"{sort.By}:{sort.Direction}:{sort.Measure.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (spec.TopN is { } topN)
        {
            parts.Add(new("topN", topN.ToString(CultureInfo.InvariantCulture)));
        }

        if (!spec.Subtotals)
        {
            parts.Add(new("subtotals", "false"));
        }

        if (spec.TimeZone is not null)
        {
            parts.Add(new("tz", spec.TimeZone));
        }

        if (view.Display != PivotDisplay.Table)
        {
            parts.Add(new("view", NameOf(view.Display)));
        }

        if (view.Chart != PivotChartKind.Bar)
        {
            parts.Add(new("chart", NameOf(view.Chart)));
        }

        return string.Join('&', parts.Select(p => $"{p.Key}={EscapeParameter(p.Value)}"));
    }

    /// <summary>The view an address's query (with or without its leading '?') describes, and what was wrong with it.</summary>
    public static PivotQueryParse Parse(string? query)
    {
        var parser = new Parser();
        foreach (var (key, value) in SplitQuery(query))
        {
            parser.Read(key, value);
        }

        return parser.Result();
    }

    public static string NameOf(PivotDisplay display) => display == PivotDisplay.Chart ? "chart" : "table";

    public static string NameOf(PivotChartKind chart) => chart switch
    {
        PivotChartKind.Stacked => "stacked",
        PivotChartKind.Line => "line",
        PivotChartKind.Donut => "donut",
        _ => "bar",
    };

    private static string FormatMeasure(PivotMeasure measure) =>
        measure.Field is null ? measure.Aggregate : $"{measure.Field}:{measure.Aggregate}";

    private static string FormatFilter(PivotFilter filter) => filter.Values.Count == 0
        ? $"{filter.Field}:{filter.Op}"
        : $"{filter.Field}:{filter.Op}:{string.Join('|', filter.Values.Select(EscapeValue))}";

    // Only what would be read as a separator (or as an escape, or as the blank) is escaped, so values stay legible.
    private static string EscapeValue(string? value) => value is null
        ? BlankValue
        : value.Replace("%", "%25", StringComparison.Ordinal).Replace("|", "%7C", StringComparison.Ordinal).Replace("~", "%7E", StringComparison.Ordinal);

    private static string? UnescapeValue(string text) => text == BlankValue ? null : Uri.UnescapeDataString(text);

    // Fully escaped, then the separators the query allows as they are (RFC 3986 query characters) put back, so an
    // address reads "rows=category,productName&f=movementType:eq:USAGE".
    private static string EscapeParameter(string value) => Uri.EscapeDataString(value)
        .Replace("%3A", ":", StringComparison.Ordinal)
        .Replace("%2C", ",", StringComparison.Ordinal)
        .Replace("%7C", "|", StringComparison.Ordinal)
        .Replace("%2F", "/", StringComparison.Ordinal);

    private static IEnumerable<(string Key, string Value)> SplitQuery(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            yield break;
        }

        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            // A form or a hand-typed address may write a space as '+'; Format never writes a bare '+'.
            yield return (Uri.UnescapeDataString(key.Replace('+', ' ')), Uri.UnescapeDataString(value.Replace('+', ' ')));
        }
    }

    private static string Quote(string text) =>
        $"'{(text.Length > MaxQuoted ? string.Concat(text.AsSpan(0, MaxQuoted), "…") : text)}'";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex NameRegex();

    private static bool IsName(string text) => NameRegex().IsMatch(text);

    private sealed class Parser
    {
        private readonly List<string> _problems = [];
        private readonly HashSet<string> _seen = [];
        private readonly List<PivotFilter> _filters = [];
        private string? _dataset;
        private IReadOnlyList<string> _rows = [];
        private IReadOnlyList<string> _columns = [];
        private IReadOnlyList<PivotMeasure> _measures = [];
        private string? _dateGrouping;
        private PivotSort? _sort;
        private int? _topN;
        private bool _subtotals = true;
        private string? _timeZone;
        private PivotDisplay _display = PivotDisplay.Table;
        private PivotChartKind _chart = PivotChartKind.Bar;
        private bool _anySetting;

        public void Read(string key, string value)
        {
            var name = key.Trim().ToLowerInvariant();
            if (name != "f" && !_seen.Add(name))
            {
                _problems.Add($"'{key}' is given more than once in the address; the last one counts.");
            }

            _anySetting = true;
            switch (name)
            {
                case "dataset":
                    ReadDataset(value.Trim());
                    break;
                case "rows":
                    _rows = ReadFields("rows", value, PivotSpec.MaxRows);
                    break;
                case "columns":
                    _columns = ReadFields("columns", value, PivotSpec.MaxColumns);
                    break;
                case "measures":
                    _measures = ReadMeasures(value);
                    break;
                case "f":
                    ReadFilter(value);
                    break;
                case "dategrouping":
                    ReadDateGrouping(value.Trim());
                    break;
                case "sort":
                    ReadSort(value.Trim());
                    break;
                case "topn":
                    ReadTopN(value.Trim());
                    break;
                case "subtotals":
                    ReadSubtotals(value.Trim());
                    break;
                case "tz":
                    ReadTimeZone(value.Trim());
                    break;
                case "view":
                    ReadDisplay(value.Trim());
                    break;
                case "chart":
                    ReadChart(value.Trim());
                    break;
                default:
                    _problems.Add($"{Quote(key)} in the address is not a pivot setting; it was ignored.");
                    break;
            }
        }

        public PivotQueryParse Result()
        {
            if (_dataset is null)
            {
                if (_anySetting)
                {
                    _problems.Add("The address names no dataset, so its other settings were not used.");
                }

                return new PivotQueryParse(null, _problems);
            }

            var spec = new PivotSpec
            {
                Dataset = _dataset,
                Rows = _rows,
                Columns = _columns,
                Measures = _measures,
                Filters = _filters,
                DateGrouping = _dateGrouping,
                Sort = _sort,
                TopN = _topN,
                Subtotals = _subtotals,
                TimeZone = _timeZone,
            };
            return new PivotQueryParse(new PivotView(spec, _display, _chart), _problems);
        }

        private void ReadDataset(string value)
        {
            if (IsName(value))
            {
                _dataset = value;
            }
            else
            {
                _problems.Add($"The dataset {Quote(value)} in the address is not a dataset name.");
            }
        }

        private List<string> ReadFields(string part, string value, int max)
        {
            var fields = new List<string>();
            foreach (var item in Items(value))
            {
                if (!IsName(item))
                {
                    _problems.Add($"{Quote(item)} in {part} is not a field name; it was ignored.");
                }
                else if (fields.Count == max)
                {
                    _problems.Add($"{part} may name at most {max} fields; {Quote(item)} was ignored.");
                }
                else
                {
                    fields.Add(item);
                }
            }

            return fields;
        }

        private List<PivotMeasure> ReadMeasures(string value)
        {
            var measures = new List<PivotMeasure>();
            foreach (var item in Items(value))
            {
                var colon = item.LastIndexOf(':');
                // "count", ":count" and "*:count" all count rows.
                var field = colon < 0 ? null : item[..colon].Trim() is "" or "*" ? null : item[..colon].Trim();
                var aggregate = Aggregates.Normalise(colon < 0 ? item : item[(colon + 1)..]);
                if (aggregate is null)
                {
                    _problems.Add($"The measure {Quote(item)} has no aggregate of {string.Join(", ", Aggregates.All)}; it was ignored.");
                }
                else if (field is not null && !IsName(field))
                {
                    _problems.Add($"The measure {Quote(item)} does not name a field; it was ignored.");
                }
                else if (measures.Count == PivotSpec.MaxMeasures)
                {
                    _problems.Add($"A pivot has at most {PivotSpec.MaxMeasures} measures; {Quote(item)} was ignored.");
                }
                else
                {
                    measures.Add(new PivotMeasure(field, aggregate));
                }
            }

            return measures;
        }

        // An empty list ("rows=") names nothing.
        private static IEnumerable<string> Items(string value) =>
            string.IsNullOrWhiteSpace(value) ? [] : value.Split(',').Select(i => i.Trim());

        private void ReadFilter(string value)
        {
            var parts = value.Split(':', 3);
            var field = parts[0].Trim();
            var op = parts.Length > 1 ? FilterOps.Normalise(parts[1]) : null;
            if (!IsName(field))
            {
                _problems.Add($"The filter {Quote(value)} does not start with a field name; it was ignored.");
            }
            else if (op is null)
            {
                _problems.Add($"The filter {Quote(value)} has no operation of {string.Join(", ", FilterOps.All)}; it was ignored.");
            }
            else if (_filters.Count == PivotSpec.MaxFilters)
            {
                _problems.Add($"A pivot has at most {PivotSpec.MaxFilters} filters; {Quote(value)} was ignored.");
            }
            else
            {
                IReadOnlyList<string?> values = parts.Length > 2 ? [.. parts[2].Split('|').Select(UnescapeValue)] : [];
                _filters.Add(new PivotFilter(field, op, values));
            }
        }

        private void ReadDateGrouping(string value)
        {
            if (value.Length == 0)
            {
                _dateGrouping = null;
            }
            else if (DateGroupings.Normalise(value) is { } grouping)
            {
                _dateGrouping = grouping;
            }
            else
            {
                _problems.Add($"The date grouping {Quote(value)} is not one of {string.Join(", ", DateGroupings.All)}; dates are not grouped.");
            }
        }

        private void ReadSort(string value)
        {
            var parts = value.Split(':');
            var by = parts[0].Trim().ToLowerInvariant();
            var direction = parts.Length > 1 ? parts[1].Trim().ToLowerInvariant() : PivotSort.Ascending;
            var measure = 0;
            if (by is not (PivotSort.ByLabel or PivotSort.ByValue) || direction is not (PivotSort.Ascending or PivotSort.Descending)
                || parts.Length > 3 || (parts.Length == 3 && !(int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out measure)
                    && measure < PivotSpec.MaxMeasures)))
            {
                _problems.Add($"The sort {Quote(value)} is not label or value, asc or desc (and a measure's position from 0); rows are sorted by label.");
                _sort = null;
                return;
            }

            _sort = new PivotSort(by, direction, measure);
        }

        private void ReadTopN(string value)
        {
            if (value.Length == 0)
            {
                _topN = null;
            }
            else if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var topN) && topN is >= 1 and <= MaxTopN)
            {
                _topN = topN;
            }
            else
            {
                _problems.Add($"topN {Quote(value)} is not a whole number from 1 to {MaxTopN}; every group is shown.");
                _topN = null;
            }
        }

        private void ReadSubtotals(string value)
        {
            switch (value.ToLowerInvariant())
            {
                case "true" or "1" or "yes" or "on":
                    _subtotals = true;
                    break;
                case "false" or "0" or "no" or "off":
                    _subtotals = false;
                    break;
                default:
                    _problems.Add($"subtotals {Quote(value)} is not true or false; subtotals are shown.");
                    _subtotals = true;
                    break;
            }
        }

        private void ReadTimeZone(string value)
        {
            if (value.Length == 0)
            {
                _timeZone = null;
            }
            else if (value.Equals("site", StringComparison.OrdinalIgnoreCase) || TimeZoneInfo.TryFindSystemTimeZoneById(value, out _))
            {
                _timeZone = value;
            }
            else
            {
                _problems.Add($"The time zone {Quote(value)} is not known; dates follow the page's zone.");
                _timeZone = null;
            }
        }

        private void ReadDisplay(string value)
        {
            switch (value.ToLowerInvariant())
            {
                case "table":
                    _display = PivotDisplay.Table;
                    break;
                case "chart":
                    _display = PivotDisplay.Chart;
                    break;
                default:
                    _problems.Add($"view {Quote(value)} is not table or chart; the table is shown.");
                    break;
            }
        }

        private void ReadChart(string value)
        {
            PivotChartKind? chart = value.ToLowerInvariant() switch
            {
                "bar" => PivotChartKind.Bar,
                "stacked" or "stackedbar" => PivotChartKind.Stacked,
                "line" => PivotChartKind.Line,
                "donut" => PivotChartKind.Donut,
                _ => null,
            };
            if (chart is { } kind)
            {
                _chart = kind;
            }
            else
            {
                _problems.Add($"chart {Quote(value)} is not bar, stacked, line or donut; a bar chart is drawn.");
            }
        }
    }
}

/// <summary>What <see cref="PivotQuery.Parse"/> read: the view (null when the address names no dataset) and, for the
/// page to show, each part of the address that was wrong and left out.</summary>
public sealed record PivotQueryParse(PivotView? View, IReadOnlyList<string> Problems);
