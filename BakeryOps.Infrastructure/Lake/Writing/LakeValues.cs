using System.Globalization;
using System.Text.Json;

namespace BakeryOps.Infrastructure.Lake.Writing;

/// <summary>
/// Conversions from the loosely typed values of records (see <see cref="Domain.Schemas.SchemaInference"/>) to the
/// column types the lake writes; a value that does not fit its column fails with the column's name.
/// </summary>
internal static class LakeValues
{
    /// <summary>A <see cref="DateTimeKind.Unspecified"/> time is taken as UTC already: the lake stores UTC only.</summary>
    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    /// <summary>Parquet timestamps hold microseconds; the 100-ns remainder is dropped here so every reader sees the same instant.</summary>
    public static DateTime ToUtcMicros(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTime(ticks - (ticks % 10), DateTimeKind.Utc);
    }

    public static DateTime ToUtcMicros(DateTime value) => ToUtcMicros(new DateTimeOffset(ToUtc(value)));

    public static bool? ToBoolean(object? value, string column) => value switch
    {
        null => null,
        bool b => b,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        _ => throw Mismatch(column, value, "a boolean"),
    };

    public static int? ToInt32(object? value, string column)
    {
        var wide = ToInt64(value, column);
        return wide is null ? null
            : wide is >= int.MinValue and <= int.MaxValue ? (int)wide.Value
            : throw Mismatch(column, value, "a 32-bit integer");
    }

    public static long? ToInt64(object? value, string column) => value switch
    {
        null => null,
        int or long or short or sbyte or byte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong u when u <= long.MaxValue => (long)u,
        decimal d when d == decimal.Truncate(d) && d is >= long.MinValue and <= long.MaxValue => (long)d,
        JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt64(out var l) => l,
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        _ => throw Mismatch(column, value, "an integer"),
    };

    public static decimal? ToDecimal(object? value, string column) => value switch
    {
        null => null,
        decimal d => d,
        int or long or short or sbyte or byte or ushort or uint or ulong => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        // The shortest round-trip text of a double is the value its writer meant; a binary conversion would add digits.
        double or float when double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture)) =>
            decimal.Parse(Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetDecimal(out var d) => d,
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        _ => throw Mismatch(column, value, "a decimal number"),
    };

    public static string? ToText(object? value, string column) => value switch
    {
        null => null,
        string s => s,
        char c => c.ToString(),
        Guid g => g.ToString("D"),
        Enum e => e.ToString(),
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        // A column inferred as String because its records mixed kinds holds each value's invariant text.
        bool b => b ? "true" : "false",
        DateOnly or DateTime or DateTimeOffset => CanonicalJson.Serialize(value).Trim('"'),
        JsonElement or System.Collections.IEnumerable => CanonicalJson.Serialize(value),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => throw Mismatch(column, value, "a string"),
    };

    public static DateOnly? ToDate(object? value, string column) => value switch
    {
        null => null,
        DateOnly d => d,
        DateTime t when t.TimeOfDay == TimeSpan.Zero => DateOnly.FromDateTime(t),
        string s when DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d,
        JsonElement { ValueKind: JsonValueKind.String } e when DateOnly.TryParseExact(e.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d,
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        _ => throw Mismatch(column, value, "a date"),
    };

    public static DateTime? ToTimestamp(object? value, string column) => value switch
    {
        null => null,
        DateTimeOffset o => ToUtcMicros(o),
        DateTime t => ToUtcMicros(t),
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var o) => ToUtcMicros(o),
        JsonElement { ValueKind: JsonValueKind.String } e when e.TryGetDateTimeOffset(out var o) => ToUtcMicros(o),
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        _ => throw Mismatch(column, value, "a timestamp"),
    };

    /// <summary>Null stays null (a missing value); anything else, including an empty object, becomes canonical JSON.</summary>
    public static string? ToJson(object? value) => value switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        _ => CanonicalJson.Serialize(value),
    };

    private static LakeValueException Mismatch(string column, object? value, string expected) =>
        new(column, $"Column '{column}' expects {expected}, but a record holds a {(value is JsonElement e ? $"JSON {e.ValueKind}" : value?.GetType().Name)}.");
}

/// <summary>A row's value does not fit its column (type, range, scale or a missing value in a non-nullable column).</summary>
public sealed class LakeValueException(string column, string message) : Exception(message)
{
    public string Column { get; } = column;
}
