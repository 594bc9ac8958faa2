using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace BakeryOps.Infrastructure.Jde.Parsing;

/// <summary>
/// Values in AIS rows and orchestration inputs: padded character columns, numbers that arrive as JSON numbers or
/// as strings, and the right-justified business unit.
/// </summary>
/// <remarks>
/// Numbers are taken as AIS sends them. The database stores JDE numerics as integers with data-dictionary
/// "implied decimals", but AIS has already scaled them (<c>"F4111_TRQT": -12.5</c>), so nothing here divides
/// (jde-ais.md §3.2: "Do not re-scale AIS numbers; do not use double"). Parsing goes text → <see cref="decimal"/>
/// directly, never through <see cref="double"/>, so 0.1 stays exactly 0.1. Only the invariant form is read
/// (<c>.</c> decimal point, no thousands separators): grid data never carries display formatting, and guessing
/// whether <c>1,234</c> is a thousand or a fraction would corrupt quantities.
/// </remarks>
public static class JdeValues
{
    /// <summary>The width of a JDE business unit (MCU, MMCU), jde-ais.md §3.3.</summary>
    public const int BusinessUnitLength = 12;

    private const int MaxQuotedLength = 40;
    private const NumberStyles DecimalStyle = NumberStyles.Float;
    private const NumberStyles IntegerStyle = NumberStyles.Integer;

    /// <summary>Removes JDE's padding (trailing blanks on LITM/LOTN/LOCN, leading blanks on MCU); null becomes empty.</summary>
    public static string Trim(string? value) => value is null ? string.Empty : value.Trim();

    /// <summary>The business unit as people and the portal write it: <c>"        1110"</c> becomes <c>"1110"</c>.</summary>
    public static string NormaliseBusinessUnit(string? mcu) => Trim(mcu);

    /// <summary>The business unit as JDE stores it: right-justified in twelve characters (<c>"        1110"</c>).</summary>
    /// <exception cref="ArgumentException">Blank, or longer than twelve characters once trimmed.</exception>
    public static string PadBusinessUnit(string mcu)
    {
        ArgumentNullException.ThrowIfNull(mcu);
        var trimmed = mcu.Trim();
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("A business unit is required.", nameof(mcu));
        }

        if (trimmed.Length > BusinessUnitLength)
        {
            throw new ArgumentException($"The business unit '{Quote(trimmed)}' is longer than {BusinessUnitLength} characters.", nameof(mcu));
        }

        return trimmed.PadLeft(BusinessUnitLength);
    }

    /// <summary>Reads an exact decimal from invariant text such as <c>" -12.5 "</c> or <c>"1E2"</c>.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<char> text, out decimal value) =>
        decimal.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out value);

    /// <summary>Reads a whole number from invariant text; <c>"6002411.0"</c> is accepted, <c>"1.5"</c> is not.</summary>
    public static bool TryParseInt64(ReadOnlySpan<char> text, out long value)
    {
        if (long.TryParse(text, IntegerStyle, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        return TryParseDecimal(text, out var number) && TryToInt64(number, out value);
    }

    /// <summary>Reads a decimal from a JSON number or a string holding one; other kinds fail with a message.</summary>
    public static bool TryGetDecimal(JsonElement element, out decimal value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                // TryGetDecimal parses the raw JSON text as decimal, so no binary floating point is involved.
                if (element.TryGetDecimal(out value))
                {
                    error = null;
                    return true;
                }

                error = $"The number {Quote(element.GetRawText())} does not fit a decimal.";
                return false;
            case JsonValueKind.String:
                var text = element.GetString();
                if (TryParseDecimal(text, out value))
                {
                    error = null;
                    return true;
                }

                error = $"The string \"{Quote(text)}\" is not an invariant-culture number.";
                return false;
            default:
                error = KindError(element, "a number");
                return false;
        }
    }

    /// <summary>Reads a whole number (UKID, ITM, DOC, DOCO, AN8) from a JSON number or a string holding one.</summary>
    public static bool TryGetInt64(JsonElement element, out long value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                if (element.TryGetInt64(out value)
                    || (element.TryGetDecimal(out var number) && TryToInt64(number, out value)))
                {
                    error = null;
                    return true;
                }

                error = $"The number {Quote(element.GetRawText())} is not a whole number in range.";
                return false;
            case JsonValueKind.String:
                var text = element.GetString();
                if (TryParseInt64(text, out value))
                {
                    error = null;
                    return true;
                }

                error = $"The string \"{Quote(text)}\" is not a whole number.";
                return false;
            default:
                error = KindError(element, "a whole number");
                return false;
        }
    }

    /// <summary>As <see cref="TryGetInt64"/>, limited to <see cref="int"/>.</summary>
    public static bool TryGetInt32(JsonElement element, out int value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        if (!TryGetInt64(element, out var wide, out error))
        {
            return false;
        }

        if (wide is < int.MinValue or > int.MaxValue)
        {
            error = $"The whole number {wide} does not fit a 32-bit integer.";
            return false;
        }

        value = (int)wide;
        return true;
    }

    /// <summary>
    /// Reads a date sent as a string (<c>yyyyMMdd</c>, <c>yyyy-MM-dd</c>, Julian digits or the user's format) or as a
    /// number (Julian <c>CYYDDD</c>, or eight digits read as <c>yyyyMMdd</c>). JSON null and "no date" give null.
    /// </summary>
    public static bool TryGetDate(JsonElement element, JdeDateFormat userFormat, out DateOnly? value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(userFormat);
        value = null;
        switch (element.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                error = null;
                return true;
            case JsonValueKind.Number:
                Span<char> digits = stackalloc char[11];
                if (element.TryGetInt32(out var number)
                    && number >= 0
                    && number.TryFormat(digits, out var written, provider: CultureInfo.InvariantCulture)
                    && JdeDate.TryParseAny(digits[..written], userFormat, out value))
                {
                    error = null;
                    return true;
                }

                error = $"The number {Quote(element.GetRawText())} is neither a Julian CYYDDD nor a yyyyMMdd date.";
                return false;
            case JsonValueKind.String:
                var text = element.GetString();
                if (JdeDate.TryParseAny(text, userFormat, out value))
                {
                    error = null;
                    return true;
                }

                error = $"The string \"{Quote(text)}\" is not a date in yyyyMMdd, yyyy-MM-dd, Julian CYYDDD or {userFormat.Pattern}.";
                return false;
            default:
                error = KindError(element, "a date");
                return false;
        }
    }

    /// <summary>Reads a decimal or throws <see cref="FormatException"/> naming <paramref name="field"/>.</summary>
    public static decimal GetDecimal(JsonElement element, string field) =>
        TryGetDecimal(element, out var value, out var error) ? value : throw new FormatException($"{field}: {error}");

    /// <summary>Reads a whole number or throws <see cref="FormatException"/> naming <paramref name="field"/>.</summary>
    public static long GetInt64(JsonElement element, string field) =>
        TryGetInt64(element, out var value, out var error) ? value : throw new FormatException($"{field}: {error}");

    /// <summary>Reads a 32-bit whole number or throws <see cref="FormatException"/> naming <paramref name="field"/>.</summary>
    public static int GetInt32(JsonElement element, string field) =>
        TryGetInt32(element, out var value, out var error) ? value : throw new FormatException($"{field}: {error}");

    /// <summary>Reads a date (null for "no date") or throws <see cref="FormatException"/> naming <paramref name="field"/>.</summary>
    public static DateOnly? GetDate(JsonElement element, string field, JdeDateFormat userFormat) =>
        TryGetDate(element, userFormat, out var value, out var error) ? value : throw new FormatException($"{field}: {error}");

    /// <summary>Reads a character column trimmed; null and missing become empty, other kinds throw <see cref="FormatException"/>.</summary>
    public static string GetTrimmedString(JsonElement element, string field) => element.ValueKind switch
    {
        JsonValueKind.String => Trim(element.GetString()),
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        _ => throw new FormatException($"{field}: {KindError(element, "a string")}"),
    };

    private static bool TryToInt64(decimal number, out long value)
    {
        value = default;
        if (decimal.Truncate(number) != number || number < long.MinValue || number > long.MaxValue)
        {
            return false;
        }

        value = (long)number;
        return true;
    }

    private static string KindError(JsonElement element, string expected) =>
        $"Expected {expected} (a JSON number or string) but found {element.ValueKind}.";

    // Values are quoted into messages for diagnosis; long ones are cut so a bad row cannot flood the log.
    private static string Quote(string? text) =>
        text is null ? string.Empty : text.Length <= MaxQuotedLength ? text : string.Concat(text.AsSpan(0, MaxQuotedLength), "…");
}
