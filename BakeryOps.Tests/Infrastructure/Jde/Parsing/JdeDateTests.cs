using BakeryOps.Infrastructure.Jde.Parsing;

namespace BakeryOps.Tests.Infrastructure.Jde.Parsing;

public sealed class JdeDateTests
{
    private static readonly JdeDateFormat _dayMonthYear = JdeDateFormat.FromSimpleDateFormat("dd/MM/yyyy");

    [Theory]
    [InlineData(125232, "2025-08-20")]
    [InlineData(125233, "2025-08-21")]
    [InlineData(114001, "2014-01-01")]
    [InlineData(99365, "1999-12-31")]
    [InlineData(1, "1900-01-01")]
    [InlineData(100001, "2000-01-01")]
    [InlineData(100060, "2000-02-29")]
    [InlineData(100366, "2000-12-31")]
    [InlineData(124060, "2024-02-29")]
    [InlineData(124366, "2024-12-31")]
    [InlineData(199365, "2099-12-31")]
    [InlineData(200001, "2100-01-01")]
    [InlineData(200060, "2100-03-01")]
    [InlineData(225045, "2125-02-14")]
    [InlineData(999365, "2899-12-31")]
    public void TryParseJulian_WhenTheValueIsValid_ThenGivesTheDate(int cyyddd, string expected)
    {
        JdeDate.TryParseJulian(cyyddd, out var date).Should().BeTrue();

        date.Should().Be(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("125232", "2025-08-20")]
    [InlineData("099365", "1999-12-31")]
    [InlineData("99365", "1999-12-31")]
    [InlineData("100060", "2000-02-29")]
    [InlineData(" 124366 ", "2024-12-31")]
    public void TryParseJulian_WhenTextIsValid_ThenGivesTheDate(string text, string expected)
    {
        JdeDate.TryParseJulian(text, out var date).Should().BeTrue();

        date.Should().Be(DateOnly.ParseExact(expected, "yyyy-MM-dd"));
    }

    [Theory]
    [InlineData(125366)] // 2025 is not a leap year.
    [InlineData(0366)] // 1900 is not a leap year (divisible by 100, not by 400).
    [InlineData(200366)] // Nor is 2100.
    [InlineData(123366)]
    [InlineData(125000)] // Day 000 does not exist.
    [InlineData(125367)]
    [InlineData(125999)]
    [InlineData(-125232)]
    [InlineData(1_000_001)]
    public void TryParseJulian_WhenTheDayDoesNotExist_ThenFails(int cyyddd)
    {
        JdeDate.TryParseJulian(cyyddd, out var date).Should().BeFalse();

        date.Should().BeNull();
    }

    [Theory]
    [InlineData("125366")]
    [InlineData("125000")]
    [InlineData("1252320")]
    [InlineData("12523a")]
    [InlineData("-12523")]
    [InlineData("+125232")]
    [InlineData("1 25232")]
    public void TryParseJulian_WhenTextIsInvalid_ThenFails(string text)
    {
        JdeDate.TryParseJulian(text, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("0")]
    [InlineData("000000")]
    [InlineData("null")]
    public void TryParseJulian_WhenTextIsNoDate_ThenSucceedsWithNull(string text)
    {
        JdeDate.TryParseJulian(text, out var date).Should().BeTrue();

        date.Should().BeNull();
    }

    [Fact]
    public void TryParseJulian_WhenTheValueIsZero_ThenSucceedsWithNull()
    {
        JdeDate.TryParseJulian(0, out var date).Should().BeTrue();

        date.Should().BeNull();
    }

    [Fact]
    public void ToJulian_WhenEveryDayOf1999To2001RoundTrips_ThenParsingGivesTheSameDay()
    {
        var day = new DateOnly(1999, 1, 1);
        var previous = 0;
        var count = 0;
        while (day.Year <= 2001)
        {
            var julian = JdeDate.ToJulian(day);

            julian.Should().BeGreaterThan(previous);
            JdeDate.TryParseJulian(julian, out var parsed).Should().BeTrue();
            parsed.Should().Be(day);
            JdeDate.TryParseJulian(julian.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), out var fromText).Should().BeTrue();
            fromText.Should().Be(day);

            previous = julian;
            day = day.AddDays(1);
            count++;
        }

        count.Should().Be(365 + 366 + 365);
    }

    [Theory]
    [InlineData("2025-08-20", 125232)]
    [InlineData("1999-12-31", 99365)]
    [InlineData("2000-02-29", 100060)]
    [InlineData("2100-12-31", 200365)]
    public void ToJulian_WhenTheDateIsInRange_ThenGivesCyyddd(string date, int expected)
    {
        JdeDate.ToJulian(DateOnly.ParseExact(date, "yyyy-MM-dd")).Should().Be(expected);
    }

    [Theory]
    [InlineData("1899-12-31")]
    [InlineData("2900-01-01")]
    public void ToJulian_WhenTheDateIsOutsideJdeRange_ThenThrows(string date)
    {
        var act = () => JdeDate.ToJulian(DateOnly.ParseExact(date, "yyyy-MM-dd"));

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*1900-01-01 to 2899-12-31*");
    }

    [Theory]
    [InlineData("20250821", "2025-08-21")]
    [InlineData("20000229", "2000-02-29")]
    [InlineData(" 19991231 ", "1999-12-31")]
    public void TryParseCompact_WhenEightDigits_ThenGivesTheDate(string text, string expected)
    {
        JdeDate.TryParseCompact(text, out var date).Should().BeTrue();

        date.Should().Be(DateOnly.ParseExact(expected, "yyyy-MM-dd"));
    }

    [Theory]
    [InlineData("2025082")]
    [InlineData("202508211")]
    [InlineData("20250230")]
    [InlineData("19000229")]
    [InlineData("20251301")]
    [InlineData("2025-08-21")]
    public void TryParseCompact_WhenNotAValidYyyyMMdd_ThenFails(string text)
    {
        JdeDate.TryParseCompact(text, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("00000000")]
    [InlineData("        ")]
    [InlineData("NULL")]
    public void TryParseCompact_WhenNoDate_ThenSucceedsWithNull(string text)
    {
        JdeDate.TryParseCompact(text, out var date).Should().BeTrue();

        date.Should().BeNull();
    }

    [Theory]
    [InlineData("2025-08-21", true)]
    [InlineData("2024-02-29", true)]
    [InlineData("2025-02-29", false)]
    [InlineData("2025-8-21", false)]
    [InlineData("2025/08/21", false)]
    public void TryParseIso_WhenGivenText_ThenAcceptsOnlyValidYyyyMmDd(string text, bool valid)
    {
        JdeDate.TryParseIso(text, out var date).Should().Be(valid);

        if (valid)
        {
            date.Should().Be(DateOnly.ParseExact(text, "yyyy-MM-dd"));
        }
    }

    [Theory]
    [InlineData("dd/MM/yyyy", "21/08/2025")]
    [InlineData("MM/dd/yyyy", "08/21/2025")]
    [InlineData("yyyy/MM/dd", "2025/08/21")]
    [InlineData("dd.MM.yyyy", "21.08.2025")]
    [InlineData("dd-MM-yyyy", "21-08-2025")]
    [InlineData("yyyyMMdd", "20250821")]
    [InlineData("d/M/yyyy", "21/8/2025")]
    [InlineData("d/M/yyyy", "21/08/2025")]
    [InlineData("dd. MM. yyyy", "21. 08. 2025")]
    public void TryParse_WhenTheTextMatchesTheUserFormat_ThenGivesTheDate(string pattern, string text)
    {
        var format = JdeDateFormat.FromSimpleDateFormat(pattern);

        JdeDate.TryParse(text, format, out var date).Should().BeTrue();

        date.Should().Be(new DateOnly(2025, 8, 21));
    }

    [Theory]
    [InlineData("dd/MM/yyyy", "08/21/2025")]
    [InlineData("MM/dd/yyyy", "21/08/2025")]
    [InlineData("dd/MM/yyyy", "21.08.2025")]
    [InlineData("dd/MM/yyyy", "21/08/25")]
    [InlineData("dd/MM/yyyy", "21/08/2025x")]
    [InlineData("dd/MM/yyyy", "29/02/2025")]
    [InlineData("dd/MM/yyyy", "211/08/2025")]
    [InlineData("dd/MM/yyyy", "21/8/2025")]
    [InlineData("yyyyMMdd", "2025821")]
    public void TryParse_WhenTheTextDoesNotMatchTheUserFormat_ThenFails(string pattern, string text)
    {
        JdeDate.TryParse(text, JdeDateFormat.FromSimpleDateFormat(pattern), out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("DME", "/", "21/08/2025")]
    [InlineData("MDE", "/", "08/21/2025")]
    [InlineData("EMD", "/", "2025/08/21")]
    [InlineData("DME", ".", "21.08.2025")]
    [InlineData("EMD", "-", "2025-08-21")]
    [InlineData("dme", null, "21/08/2025")]
    [InlineData("DME", "", "21082025")]
    public void Format_WhenTheFormatComesFromACode_ThenWritesAndReadsTheSameText(string code, string? separator, string expected)
    {
        var format = JdeDateFormat.FromCode(code, separator);
        var date = new DateOnly(2025, 8, 21);

        JdeDate.Format(date, format).Should().Be(expected);
        JdeDate.TryParse(expected, format, out var parsed).Should().BeTrue();
        parsed.Should().Be(date);
    }

    [Theory]
    [InlineData("dd/MM/yyyy", "05/01/2026")]
    [InlineData("MM/dd/yyyy", "01/05/2026")]
    [InlineData("yyyy/MM/dd", "2026/01/05")]
    [InlineData("dd.MM.yyyy", "05.01.2026")]
    [InlineData("d/M/yyyy", "5/1/2026")]
    [InlineData("yyyyMMdd", "20260105")]
    [InlineData("yyyy-MM-dd", "2026-01-05")]
    public void Format_WhenTheFormatComesFromAPattern_ThenPadsAsThePatternSays(string pattern, string expected)
    {
        JdeDate.Format(new DateOnly(2026, 1, 5), JdeDateFormat.FromSimpleDateFormat(pattern)).Should().Be(expected);
    }

    [Theory]
    [InlineData("20250821")]
    [InlineData("2025-08-21")]
    [InlineData("125233")]
    [InlineData("21/08/2025")]
    [InlineData(" 21/08/2025 ")]
    public void TryParseAny_WhenTheTextIsInAnyAisForm_ThenGivesTheDate(string text)
    {
        JdeDate.TryParseAny(text, _dayMonthYear, out var date).Should().BeTrue();

        date.Should().Be(new DateOnly(2025, 8, 21));
    }

    [Fact]
    public void TryParseAny_WhenEightDigitsAreNotYyyyMMdd_ThenTriesTheUserFormat()
    {
        JdeDate.TryParseAny("21082025", JdeDateFormat.FromSimpleDateFormat("ddMMyyyy"), out var date).Should().BeTrue();

        date.Should().Be(new DateOnly(2025, 8, 21));
    }

    [Theory]
    [InlineData("08/21/2025")]
    [InlineData("1252330")]
    [InlineData("2025-02-30")]
    [InlineData("yesterday")]
    public void TryParseAny_WhenTheTextIsNoKnownForm_ThenFails(string text)
    {
        JdeDate.TryParseAny(text, _dayMonthYear, out _).Should().BeFalse();
    }
}
