using System.Text.Json;
using BakeryOps.Domain.Analytics;
using BakeryOps.Portal.Api;

namespace BakeryOps.Portal.Analytics;

/// <summary>The body of <c>POST /analytics/pivot</c> (the fixed shape); filter values may be text, numbers, booleans or null.</summary>
public sealed record PivotRequest
{
    public string? Dataset { get; init; }
    public List<string>? Rows { get; init; }
    public List<string>? Columns { get; init; }
    public List<PivotMeasureRequest>? Measures { get; init; }
    public List<PivotFilterRequest>? Filters { get; init; }
    public string? DateGrouping { get; init; }
    public PivotSortRequest? Sort { get; init; }
    public int? TopN { get; init; }
    public bool? Subtotals { get; init; }
    public string? TimeZone { get; init; }

    public PivotSpec ToSpec() => new()
    {
        Dataset = Dataset ?? throw JsonBody.Invalid("dataset", "dataset is required: GET /analytics/datasets lists them."),
        Rows = Rows ?? [],
        Columns = Columns ?? [],
        Measures = [.. (Measures ?? []).Select(m => m is null ? null! : new PivotMeasure(m.Field, m.Aggregate ?? ""))],
        Filters = [.. (Filters ?? []).Select((f, i) => f?.ToFilter($"filters[{i}]") ?? null!)],
        DateGrouping = DateGrouping,
        Sort = Sort is null ? null : new PivotSort(Sort.By ?? PivotSort.ByLabel, Sort.Direction ?? PivotSort.Ascending, Sort.Measure ?? 0),
        TopN = TopN,
        Subtotals = Subtotals ?? true,
        TimeZone = TimeZone,
    };
}

public sealed record PivotMeasureRequest(string? Field, string? Aggregate);

public sealed record PivotSortRequest(string? By, string? Direction, int? Measure);

/// <summary>A filter: <c>value</c> for one value (an array for in and between), or <c>values</c>.</summary>
public sealed record PivotFilterRequest(string? Field, string? Op, JsonElement? Value, List<JsonElement>? Values)
{
    public PivotFilter ToFilter(string part)
    {
        var values = Values is not null
            ? Values.Select(v => Text(v, part)).ToList()
            : Value is { ValueKind: JsonValueKind.Array } array
                ? array.EnumerateArray().Select(v => Text(v, part)).ToList()
                : Value is { } single ? [Text(single, part)] : [];
        return new PivotFilter(Field ?? "", Op ?? "", values);
    }

    private static string? Text(JsonElement value, string part) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => throw JsonBody.Invalid($"{part}.value", "A filter value is text, a number, true, false or null."),
    };
}

/// <summary>The body of <c>POST /analytics/drillthrough</c>: the pivot's spec and the cell's keys.</summary>
public sealed record DrillThroughRequest(PivotRequest? Spec, List<DrillKeyRequest>? Keys, int? Offset, int? Size)
{
    public IReadOnlyList<PivotCellKey> ToKeys() =>
        [.. (Keys ?? []).Select((k, i) => k is null ? null! : new PivotCellKey(k.Field ?? "", Text(k.Value, $"keys[{i}].value"), k.Other ?? false,
            k.Shown?.Select(s => Text(s, $"keys[{i}].shown")).ToList()))];

    private static string? Text(JsonElement? value, string part) => value?.ValueKind switch
    {
        null or JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.Value.GetString(),
        JsonValueKind.Number => value.Value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw JsonBody.Invalid(part, "A key's value is a header value: text, a number, true, false or null."),
    };
}

/// <summary>A cell's key: a row or column field with its header value; <c>other</c> with <c>shown</c> for "(Other)".</summary>
public sealed record DrillKeyRequest(string? Field, JsonElement? Value, bool? Other, List<JsonElement>? Shown);

internal static class PivotFormats
{
    public static string Parse(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "json" => "json",
        "csv" => "csv",
        "xlsx" => "xlsx",
        _ => throw JsonBody.Invalid("format", "format must be json, csv or xlsx."),
    };
}
