using System.Diagnostics.CodeAnalysis;

namespace BakeryOps.Infrastructure.Jde.Parsing;

/// <summary>One field of a day/month/year date pattern.</summary>
public enum JdeDatePart
{
    Day,
    Month,
    Year,
}

/// <summary>
/// A JDE user's date format: three parts (day, month, four-digit year) in some order with literal separators.
/// Built from the token response's <c>userInfo.simpleDateFormat</c> (<c>dd/MM/yyyy</c>) or from its
/// <c>dateFormat</c> code (<c>DME</c>, <c>MDE</c>, <c>EMD</c>) plus <c>dateSeperator</c> (jde-ais.md §1.3, §3.1).
/// </summary>
/// <remarks>
/// Only value-typed and string state is kept so that the generated record equality compares formats by content.
/// Two-digit years (<c>yy</c>, JDE code letter <c>Y</c>) are rejected: guessing the century would silently move
/// ledger rows by 100 years, and no known AIS user of this integration runs them.
/// </remarks>
public sealed record JdeDateFormat
{
    private const int MaxFormattedLength = 64;

    /// <summary>The data-service rowset form, <c>yyyyMMdd</c> (jde-ais.md §1.5).</summary>
    public static readonly JdeDateFormat Compact = FromSimpleDateFormat("yyyyMMdd");

    /// <summary>The "ISO date" output type of mapped orchestration outputs, <c>yyyy-MM-dd</c> (jde-ais.md §3.1).</summary>
    public static readonly JdeDateFormat Iso = FromSimpleDateFormat("yyyy-MM-dd");

    /// <summary>The AU predecessor's user format and the fallback when the token response gives none (jde-ais.md §6.2).</summary>
    public static readonly JdeDateFormat DayMonthYear = FromSimpleDateFormat("dd/MM/yyyy");

    private readonly JdeDatePart _first;
    private readonly JdeDatePart _second;
    private readonly JdeDatePart _third;
    private readonly int _firstWidth;
    private readonly int _secondWidth;
    private readonly int _thirdWidth;
    private readonly string _firstSeparator;
    private readonly string _secondSeparator;

    private JdeDateFormat(
        JdeDatePart first, int firstWidth, string firstSeparator,
        JdeDatePart second, int secondWidth, string secondSeparator,
        JdeDatePart third, int thirdWidth)
    {
        (_first, _second, _third) = (first, second, third);
        (_firstWidth, _secondWidth, _thirdWidth) = (firstWidth, secondWidth, thirdWidth);
        (_firstSeparator, _secondSeparator) = (firstSeparator, secondSeparator);
        Pattern = string.Concat(
            string.Concat(Letters(first, firstWidth), firstSeparator, Letters(second, secondWidth)),
            secondSeparator,
            Letters(third, thirdWidth));
    }

    /// <summary>The format as a Java/.NET style pattern, such as <c>dd/MM/yyyy</c>.</summary>
    public string Pattern { get; }

    public override string ToString() => Pattern;

    /// <summary>Builds the format from <c>userInfo.simpleDateFormat</c>; throws <see cref="FormatException"/> when unsupported.</summary>
    public static JdeDateFormat FromSimpleDateFormat(string simpleDateFormat) =>
        TryFromSimpleDateFormat(simpleDateFormat, out var format, out var error) ? format : throw new FormatException(error);

    /// <summary>
    /// Accepts <c>d</c>/<c>dd</c>, <c>M</c>/<c>MM</c> and <c>yyyy</c> once each, separated by literals
    /// (<c>dd/MM/yyyy</c>, <c>MM/dd/yyyy</c>, <c>yyyy/MM/dd</c>, <c>dd.MM.yyyy</c>, <c>yyyyMMdd</c>).
    /// </summary>
    public static bool TryFromSimpleDateFormat(
        string? simpleDateFormat,
        [NotNullWhen(true)] out JdeDateFormat? format,
        [NotNullWhen(false)] out string? error)
    {
        format = null;
        if (string.IsNullOrWhiteSpace(simpleDateFormat))
        {
            error = "The date pattern is empty.";
            return false;
        }

        var pattern = simpleDateFormat.Trim();
        Span<JdeDatePart> parts = stackalloc JdeDatePart[3];
        Span<int> widths = stackalloc int[3];
        var separators = new string[] { string.Empty, string.Empty };
        var count = 0;
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            var run = 1;
            while (i + run < pattern.Length && pattern[i + run] == c)
            {
                run++;
            }

            if (c is 'd' or 'M' or 'y')
            {
                if (count == 3)
                {
                    error = $"The date pattern '{pattern}' has more than three fields.";
                    return false;
                }

                var part = c switch { 'd' => JdeDatePart.Day, 'M' => JdeDatePart.Month, _ => JdeDatePart.Year };
                if (!IsSupportedWidth(part, run, out error))
                {
                    error = $"The date pattern '{pattern}': {error}";
                    return false;
                }

                parts[count] = part;
                widths[count] = run;
                count++;
            }
            else if (char.IsAsciiLetter(c) || char.IsDigit(c) || c == '\'')
            {
                error = $"The date pattern '{pattern}' uses '{c}', which is not supported (only d, M, yyyy and separators).";
                return false;
            }
            else if (count is 0 or 3)
            {
                error = $"The date pattern '{pattern}' has text before its first or after its last field.";
                return false;
            }
            else
            {
                separators[count - 1] = string.Concat(separators[count - 1], pattern.AsSpan(i, run));
            }

            i += run;
        }

        if (count != 3)
        {
            error = $"The date pattern '{pattern}' needs a day, a month and a year.";
            return false;
        }

        return TryCreate(parts, widths, separators[0], separators[1], out format, out error);
    }

    /// <summary>Builds the format from the token response's <c>dateFormat</c> code and <c>dateSeperator</c>; throws <see cref="FormatException"/> when unsupported.</summary>
    public static JdeDateFormat FromCode(string dateFormat, string? dateSeparator) =>
        TryFromCode(dateFormat, dateSeparator, out var format, out var error) ? format : throw new FormatException(error);

    /// <summary>
    /// The code orders the letters <c>D</c> (day), <c>M</c> (month) and <c>E</c> (four-digit year): <c>DME</c> is
    /// <c>dd/MM/yyyy</c>, <c>MDE</c> is <c>MM/dd/yyyy</c>, <c>EMD</c> is <c>yyyy/MM/dd</c>. A missing separator means
    /// <c>/</c>, the separator in every Oracle example.
    /// </summary>
    public static bool TryFromCode(
        string? dateFormat,
        string? dateSeparator,
        [NotNullWhen(true)] out JdeDateFormat? format,
        [NotNullWhen(false)] out string? error)
    {
        format = null;
        var code = dateFormat?.Trim() ?? string.Empty;
        if (code.Length != 3)
        {
            error = $"The JDE date format code '{dateFormat}' is not three letters such as DME, MDE or EMD.";
            return false;
        }

        Span<JdeDatePart> parts = stackalloc JdeDatePart[3];
        Span<int> widths = stackalloc int[3];
        for (var i = 0; i < 3; i++)
        {
            switch (char.ToUpperInvariant(code[i]))
            {
                case 'D':
                    (parts[i], widths[i]) = (JdeDatePart.Day, 2);
                    break;
                case 'M':
                    (parts[i], widths[i]) = (JdeDatePart.Month, 2);
                    break;
                case 'E':
                    (parts[i], widths[i]) = (JdeDatePart.Year, 4);
                    break;
                case 'Y':
                    error = $"The JDE date format code '{code}' uses a two-digit year (Y), which is not supported.";
                    return false;
                default:
                    error = $"The JDE date format code '{code}' uses '{code[i]}'; only D, M and E are known.";
                    return false;
            }
        }

        var separator = dateSeparator ?? "/";
        foreach (var c in separator)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                error = $"The date separator '{separator}' contains a letter or digit.";
                return false;
            }
        }

        return TryCreate(parts, widths, separator, separator, out format, out error);
    }

    /// <summary>
    /// The user's format from a token response: <c>simpleDateFormat</c> when usable, else <c>dateFormat</c> with
    /// <c>dateSeperator</c>, else <paramref name="fallback"/> (jde-ais.md §6.2: fall back to a configured format).
    /// </summary>
    public static JdeDateFormat FromUserInfo(string? simpleDateFormat, string? dateFormat, string? dateSeparator, JdeDateFormat fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        if (TryFromSimpleDateFormat(simpleDateFormat, out var format, out _))
        {
            return format;
        }

        return TryFromCode(dateFormat, dateSeparator, out format, out _) ? format : fallback;
    }

    /// <summary>Writes <paramref name="date"/> in this format.</summary>
    public string Format(DateOnly date)
    {
        Span<char> buffer = stackalloc char[MaxFormattedLength];
        return TryFormat(date, buffer, out var written) ? new string(buffer[..written]) : throw new InvalidOperationException($"The date pattern '{Pattern}' is too long to format.");
    }

    /// <summary>Writes <paramref name="date"/> in this format without allocating.</summary>
    public bool TryFormat(DateOnly date, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        return TryWritePart(date, _first, _firstWidth, destination, ref charsWritten)
            && TryWriteLiteral(_firstSeparator, destination, ref charsWritten)
            && TryWritePart(date, _second, _secondWidth, destination, ref charsWritten)
            && TryWriteLiteral(_secondSeparator, destination, ref charsWritten)
            && TryWritePart(date, _third, _thirdWidth, destination, ref charsWritten);
    }

    /// <summary>
    /// Reads a date in exactly this format (no "no date" handling; see <see cref="JdeDate"/> for that). <c>dd</c>
    /// and <c>MM</c> need two digits and <c>d</c>/<c>M</c> take one or two, so <c>yyyy-MM-dd</c> stays strict ISO.
    /// </summary>
    public bool TryParseExact(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        var position = 0;
        int day = 0, month = 0, year = 0;
        return TryReadPart(text, _first, _firstWidth, ref position, ref day, ref month, ref year)
            && TryReadLiteral(text, _firstSeparator, ref position)
            && TryReadPart(text, _second, _secondWidth, ref position, ref day, ref month, ref year)
            && TryReadLiteral(text, _secondSeparator, ref position)
            && TryReadPart(text, _third, _thirdWidth, ref position, ref day, ref month, ref year)
            && position == text.Length
            && JdeDate.TryCreate(year, month, day, out date);
    }

    private static bool TryCreate(
        ReadOnlySpan<JdeDatePart> parts,
        ReadOnlySpan<int> widths,
        string firstSeparator,
        string secondSeparator,
        [NotNullWhen(true)] out JdeDateFormat? format,
        [NotNullWhen(false)] out string? error)
    {
        format = null;
        if (parts[0] == parts[1] || parts[0] == parts[2] || parts[1] == parts[2])
        {
            error = "A date format needs each of day, month and year exactly once.";
            return false;
        }

        // Without a separator a one-digit field cannot be told apart from the next field's digits.
        if ((firstSeparator.Length == 0 && (widths[0] == 1 || widths[1] == 1))
            || (secondSeparator.Length == 0 && (widths[1] == 1 || widths[2] == 1)))
        {
            error = "A one-digit day or month needs a separator next to it.";
            return false;
        }

        format = new JdeDateFormat(parts[0], widths[0], firstSeparator, parts[1], widths[1], secondSeparator, parts[2], widths[2]);
        error = null;
        return true;
    }

    private static bool IsSupportedWidth(JdeDatePart part, int width, [NotNullWhen(false)] out string? error)
    {
        error = part switch
        {
            JdeDatePart.Year when width == 2 => "two-digit years (yy) are not supported.",
            JdeDatePart.Year when width != 4 => "the year must be written yyyy.",
            JdeDatePart.Day when width > 2 => "the day must be written d or dd.",
            JdeDatePart.Month when width > 2 => "the month must be written M or MM (month names are not supported).",
            _ => null,
        };
        return error is null;
    }

    private static string Letters(JdeDatePart part, int width) => part switch
    {
        JdeDatePart.Day => width == 1 ? "d" : "dd",
        JdeDatePart.Month => width == 1 ? "M" : "MM",
        _ => "yyyy",
    };

    private static bool TryWritePart(DateOnly date, JdeDatePart part, int width, Span<char> destination, ref int position)
    {
        var value = part switch { JdeDatePart.Day => date.Day, JdeDatePart.Month => date.Month, _ => date.Year };
        var format = width switch { 4 => "D4", 2 => "D2", _ => "D" };
        if (!value.TryFormat(destination[position..], out var written, format, System.Globalization.CultureInfo.InvariantCulture))
        {
            return false;
        }

        position += written;
        return true;
    }

    private static bool TryWriteLiteral(string literal, Span<char> destination, ref int position)
    {
        if (!literal.AsSpan().TryCopyTo(destination[position..]))
        {
            return false;
        }

        position += literal.Length;
        return true;
    }

    private static bool TryReadPart(
        ReadOnlySpan<char> text, JdeDatePart part, int width,
        ref int position, ref int day, ref int month, ref int year)
    {
        // A one-letter field is only allowed beside a separator (checked in TryCreate), so it may take two digits.
        var (minimum, maximum) = width == 1 ? (1, 2) : (width, width);
        var value = 0;
        var digits = 0;
        while (digits < maximum && position < text.Length && char.IsAsciiDigit(text[position]))
        {
            value = (value * 10) + (text[position] - '0');
            position++;
            digits++;
        }

        if (digits < minimum)
        {
            return false;
        }

        switch (part)
        {
            case JdeDatePart.Day:
                day = value;
                break;
            case JdeDatePart.Month:
                month = value;
                break;
            default:
                year = value;
                break;
        }

        return true;
    }

    private static bool TryReadLiteral(ReadOnlySpan<char> text, string literal, ref int position)
    {
        if (!text[position..].StartsWith(literal, StringComparison.Ordinal))
        {
            return false;
        }

        position += literal.Length;
        return true;
    }
}
