using System.Globalization;

namespace BakeryOps.Infrastructure.Jde.Parsing;

/// <summary>
/// JDE dates: Julian <c>CYYDDD</c> (value = (year − 1900) × 1000 + day of year, jde-ais.md §3.1), the data-service
/// <c>yyyyMMdd</c>, the ISO <c>yyyy-MM-dd</c> and the E1 user's own format.
/// </summary>
/// <remarks>
/// Every <c>TryParse…</c> returns <see langword="true"/> with a <see langword="null"/> date for JDE's "no date"
/// (blank, <c>0</c>, all zeros such as <c>00000000</c>, or the literal <c>null</c> that some orchestrations send,
/// jde-ais.md §3.1), <see langword="true"/> with a value for a real date, and <see langword="false"/> for anything
/// else. Inputs are trimmed first because AIS does not trim character columns.
/// </remarks>
public static class JdeDate
{
    /// <summary>The largest Julian value: century offset 9, i.e. 2899-12-31.</summary>
    public const int MaxJulian = 999_365;

    private const int JulianBaseYear = 1900;
    private const int MaxJulianYear = 2899;

    /// <summary>Reads a Julian number; 0 is "no date".</summary>
    public static bool TryParseJulian(int cyyddd, out DateOnly? date)
    {
        date = null;
        if (cyyddd == 0)
        {
            return true;
        }

        if (cyyddd < 0 || cyyddd > 999_999)
        {
            return false;
        }

        var year = JulianBaseYear + (cyyddd / 1000);
        var dayOfYear = cyyddd % 1000;
        if (dayOfYear < 1 || dayOfYear > (DateTime.IsLeapYear(year) ? 366 : 365))
        {
            return false;
        }

        date = new DateOnly(year, 1, 1).AddDays(dayOfYear - 1);
        return true;
    }

    /// <summary>Reads Julian text of one to six digits (<c>99365</c> is 1999-12-31 once the leading zero is lost).</summary>
    public static bool TryParseJulian(ReadOnlySpan<char> text, out DateOnly? date)
    {
        date = null;
        text = text.Trim();
        if (IsNoDate(text))
        {
            return true;
        }

        return text.Length <= 6
            && IsAllDigits(text)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && TryParseJulian(value, out date);
    }

    /// <summary>The Julian <c>CYYDDD</c> of <paramref name="date"/>; only 1900-01-01 to 2899-12-31 can be written.</summary>
    public static int ToJulian(DateOnly date)
    {
        if (date.Year < JulianBaseYear || date.Year > MaxJulianYear)
        {
            throw new ArgumentOutOfRangeException(nameof(date), date, "JDE Julian dates cover 1900-01-01 to 2899-12-31.");
        }

        return ((date.Year - JulianBaseYear) * 1000) + date.DayOfYear;
    }

    /// <summary>Reads a data-service grid date, exactly eight digits <c>yyyyMMdd</c>.</summary>
    public static bool TryParseCompact(ReadOnlySpan<char> text, out DateOnly? date) =>
        TryParseWith(text, JdeDateFormat.Compact, out date);

    /// <summary>Reads an ISO <c>yyyy-MM-dd</c> date (mapped orchestration outputs typed as dates).</summary>
    public static bool TryParseIso(ReadOnlySpan<char> text, out DateOnly? date) =>
        TryParseWith(text, JdeDateFormat.Iso, out date);

    /// <summary>Reads a date in the E1 user's format (orchestration inputs and many mapped outputs).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, JdeDateFormat format, out DateOnly? date)
    {
        ArgumentNullException.ThrowIfNull(format);
        return TryParseWith(text, format, out date);
    }

    /// <summary>
    /// Reads whatever AIS may send for a date (jde-ais.md §6.2): eight digits as <c>yyyyMMdd</c>, one to six digits
    /// as Julian, <c>yyyy-MM-dd</c>, and otherwise <paramref name="userFormat"/>. Eight digits that are not a valid
    /// <c>yyyyMMdd</c> are tried in the user's format, so a separator-less <c>ddMMyyyy</c> user still works.
    /// </summary>
    public static bool TryParseAny(ReadOnlySpan<char> text, JdeDateFormat userFormat, out DateOnly? date)
    {
        ArgumentNullException.ThrowIfNull(userFormat);
        date = null;
        text = text.Trim();
        if (IsNoDate(text))
        {
            return true;
        }

        if (IsAllDigits(text))
        {
            if (text.Length <= 6)
            {
                return TryParseJulian(text, out date);
            }

            if (text.Length == 8 && TryParseWith(text, JdeDateFormat.Compact, out date))
            {
                return true;
            }
        }
        else if (text.Length == 10 && text[4] == '-' && text[7] == '-' && TryParseWith(text, JdeDateFormat.Iso, out date))
        {
            return true;
        }

        return TryParseWith(text, userFormat, out date);
    }

    /// <summary>Writes <paramref name="date"/> in <paramref name="format"/>, e.g. an <c>rDate</c> input.</summary>
    public static string Format(DateOnly date, JdeDateFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return format.Format(date);
    }

    /// <summary>Whether the trimmed text is one of JDE's spellings of "no date".</summary>
    public static bool IsNoDate(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.IsEmpty || text.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return !text.ContainsAnyExcept('0');
    }

    internal static bool TryCreate(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryParseWith(ReadOnlySpan<char> text, JdeDateFormat format, out DateOnly? date)
    {
        date = null;
        text = text.Trim();
        if (IsNoDate(text))
        {
            return true;
        }

        if (!format.TryParseExact(text, out var value))
        {
            return false;
        }

        date = value;
        return true;
    }

    private static bool IsAllDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');
}
