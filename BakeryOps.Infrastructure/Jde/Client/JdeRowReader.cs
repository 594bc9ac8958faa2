using System.Text.Json;
using BakeryOps.Infrastructure.Jde.Parsing;

namespace BakeryOps.Infrastructure.Jde.Client;

/// <summary>Turns the data-browse part of an unmapped orchestration response into typed rows.</summary>
internal static class JdeRowReader
{
    private const string BrowsePrefix = "fs_DATABROWSE_";

    /// <summary>
    /// The rowset under the first <c>fs_DATABROWSE_*</c> key of <c>ServiceRequest1</c>: the view behind an orchestration
    /// can change (V4111A today) without the client changing (jde-ais.md §6.2).
    /// </summary>
    public static (JsonElement Rowset, bool MoreRecords) FindRowset(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("ServiceRequest1", out var step)
            || step.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The response has no ServiceRequest1 step.");
        }

        foreach (var property in step.EnumerateObject())
        {
            if (!property.Name.StartsWith(BrowsePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (!property.Value.TryGetProperty("data", out var data)
                || !data.TryGetProperty("gridData", out var grid)
                || !grid.TryGetProperty("rowset", out var rowset)
                || rowset.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"{property.Name} has no data.gridData.rowset array.");
            }

            var more = grid.TryGetProperty("summary", out var summary)
                && summary.TryGetProperty("moreRecords", out var flag)
                && (flag.ValueKind == JsonValueKind.True
                    || (flag.ValueKind == JsonValueKind.String && bool.TryParse(flag.GetString(), out var parsed) && parsed));
            return (rowset, more);
        }

        throw new FormatException($"ServiceRequest1 has no {BrowsePrefix}* data browse.");
    }

    public static JdeCardexRow ReadCardex(JsonElement row, JdeDateFormat userFormat) => new(
        JdeValues.GetInt64(Field(row, "F4111_UKID"u8), "F4111_UKID"),
        JdeValues.GetInt32(Field(row, "F4111_ITM"u8), "F4111_ITM"),
        JdeValues.GetTrimmedString(Field(row, "F4111_LITM"u8), "F4111_LITM"),
        JdeValues.NormaliseBusinessUnit(JdeValues.GetTrimmedString(Field(row, "F4111_MCU"u8), "F4111_MCU")),
        JdeValues.GetTrimmedString(Field(row, "F4111_LOCN"u8), "F4111_LOCN"),
        JdeValues.GetTrimmedString(Field(row, "F4111_LOTN"u8), "F4111_LOTN"),
        JdeValues.GetInt64(Field(row, "F4111_DOC"u8), "F4111_DOC"),
        JdeValues.GetTrimmedString(Field(row, "F4111_DCT"u8), "F4111_DCT"),
        RequiredDate(row, "F4111_TRDJ", userFormat),
        RequiredDate(row, "F4111_CRDJ", userFormat),
        JdeValues.GetDecimal(Field(row, "F4111_TRQT"u8), "F4111_TRQT"),
        JdeValues.GetTrimmedString(Field(row, "F4111_TRUM"u8), "F4111_TRUM"),
        JdeValues.GetTrimmedString(Field(row, "F4111_TREX"u8), "F4111_TREX"),
        OptionalTime(row, "F4111_TDAY"));

    public static JdeItemMasterRow ReadItemMaster(JsonElement row, JdeDateFormat userFormat) => new(
        JdeValues.GetInt32(Field(row, "F4102_ITM"u8), "F4102_ITM"),
        JdeValues.GetTrimmedString(Field(row, "F4102_LITM"u8), "F4102_LITM"),
        JdeValues.GetTrimmedString(Field(row, "F4102_AITM"u8), "F4102_AITM"),
        JdeValues.NormaliseBusinessUnit(JdeValues.GetTrimmedString(Field(row, "F4102_MCU"u8), "F4102_MCU")),
        JdeValues.GetTrimmedString(Field(row, "F4102_STKT"u8), "F4102_STKT"),
        JdeValues.GetTrimmedString(Field(row, "F4102_GLPT"u8), "F4102_GLPT"),
        JdeValues.GetTrimmedString(Field(row, "F4102_LNTY"u8), "F4102_LNTY"),
        JdeValues.GetTrimmedString(Field(row, "F4102_SRCE"u8), "F4102_SRCE"),
        JdeValues.GetTrimmedString(Field(row, "F4101_DSC1"u8), "F4101_DSC1"),
        JdeValues.GetTrimmedString(Field(row, "F4101_DSC2"u8), "F4101_DSC2"),
        JdeValues.GetTrimmedString(Field(row, "F4101_UOM1"u8), "F4101_UOM1"),
        JdeValues.GetTrimmedString(Field(row, "F4101_SRP1"u8), "F4101_SRP1"),
        OptionalInt32(row, "F4101_SLD"),
        JdeValues.GetDate(Field(row, "F4101_UPMJ"u8), "F4101_UPMJ", userFormat));

    public static JdeItemBalanceRow ReadItemBalance(JsonElement row, JdeDateFormat userFormat) => new(
        JdeValues.GetInt32(Field(row, "F41021_ITM"u8), "F41021_ITM"),
        JdeValues.GetTrimmedString(Field(row, "F4101_LITM"u8), "F4101_LITM"),
        JdeValues.NormaliseBusinessUnit(JdeValues.GetTrimmedString(Field(row, "F41021_MCU"u8), "F41021_MCU")),
        JdeValues.GetTrimmedString(Field(row, "F41021_LOCN"u8), "F41021_LOCN"),
        JdeValues.GetTrimmedString(Field(row, "F41021_LOTN"u8), "F41021_LOTN"),
        JdeValues.GetDecimal(Field(row, "F41021_PQOH"u8), "F41021_PQOH"),
        JdeValues.GetTrimmedString(Field(row, "F4101_UOM1"u8), "F4101_UOM1"),
        JdeValues.GetDate(Field(row, "F41021_UPMJ"u8), "F41021_UPMJ", userFormat));

    // A missing column reads as JSON undefined, which the JdeValues readers treat as blank or fail on with the field name.
    // UTF-8 names: a million-row pull looks up thirteen columns per row, and a string name is transcoded on every lookup.
    private static JsonElement Field(JsonElement row, ReadOnlySpan<byte> name) => row.TryGetProperty(name, out var value) ? value : default;

    private static DateOnly RequiredDate(JsonElement row, string name, JdeDateFormat userFormat) =>
        JdeValues.GetDate(row.TryGetProperty(name, out var value) ? value : default, name, userFormat)
        ?? throw new FormatException($"{name}: the date is missing.");

    /// <summary>A JDE time of day: an integer HHMMSS without leading zeros (93015 is 09:30:15, jde-ais.md §2.1).</summary>
    private static TimeOnly? OptionalTime(JsonElement row, string name)
    {
        if (OptionalInt32(row, name) is not { } value)
        {
            return null;
        }

        var (hours, minutes, seconds) = (value / 10000, value / 100 % 100, value % 100);
        return value >= 0 && hours < 24 && minutes < 60 && seconds < 60
            ? new TimeOnly(hours, minutes, seconds)
            : throw new FormatException($"{name}: {value} is not a time of day (HHMMSS).");
    }

    private static int? OptionalInt32(JsonElement row, string name)
    {
        var value = row.TryGetProperty(name, out var found) ? found : default;
        return value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
            || (value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString()))
            ? null
            : JdeValues.GetInt32(value, name);
    }
}
