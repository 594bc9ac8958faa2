using System.Text.Json;
using BakeryOps.Infrastructure.Jde.Parsing;

namespace BakeryOps.Tests.Infrastructure.Jde.Parsing;

public sealed class JdeValuesTests
{
    [Theory]
    [InlineData("1110", "        1110")]
    [InlineData("        1110", "        1110")]
    [InlineData(" 1110  ", "        1110")]
    [InlineData("M30", "         M30")]
    [InlineData("123456789012", "123456789012")]
    public void PadBusinessUnit_WhenGivenAnyPadding_ThenRightJustifiesToTwelve(string mcu, string expected)
    {
        var padded = JdeValues.PadBusinessUnit(mcu);

        padded.Should().Be(expected).And.HaveLength(JdeValues.BusinessUnitLength);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("    ", "required")]
    [InlineData("1234567890123", "longer than 12")]
    public void PadBusinessUnit_WhenBlankOrTooLong_ThenThrows(string mcu, string reason)
    {
        var act = () => JdeValues.PadBusinessUnit(mcu);

        act.Should().Throw<ArgumentException>().WithMessage($"*{reason}*");
    }

    [Theory]
    [InlineData("        1110", "1110")]
    [InlineData("1110", "1110")]
    [InlineData("  1110  ", "1110")]
    [InlineData(null, "")]
    public void NormaliseBusinessUnit_WhenPadded_ThenTrims(string? mcu, string expected)
    {
        JdeValues.NormaliseBusinessUnit(mcu).Should().Be(expected);
    }

    [Fact]
    public void Trim_WhenTheValueIsAlreadyTrimmed_ThenReturnsTheSameInstance()
    {
        var value = "B_FLOUR_T55";

        JdeValues.Trim(value).Should().BeSameAs(value);
        JdeValues.Trim("B_FLOUR_T55              ").Should().Be(value);
        JdeValues.Trim(null).Should().BeEmpty();
    }

    [Theory]
    [InlineData("-12.5", "-12.5")]
    [InlineData("\" -12.5 \"", "-12.5")]
    [InlineData("500.0", "500.0")]
    [InlineData("\"500\"", "500")]
    [InlineData("0.8421", "0.8421")]
    [InlineData("\"0.123456789\"", "0.123456789")]
    [InlineData("1.5E2", "150")]
    [InlineData("\"-0.0001\"", "-0.0001")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    public void TryGetDecimal_WhenANumberOrNumericString_ThenReadsItExactly(string json, string expected)
    {
        using var document = JsonDocument.Parse(json);

        JdeValues.TryGetDecimal(document.RootElement, out var value, out var error).Should().BeTrue(error);

        value.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TryGetDecimal_WhenTenthsAreAdded_ThenTheSumIsExact()
    {
        using var document = JsonDocument.Parse("""{ "a": "0.1", "b": 0.2, "c": 0.3 }""");
        var root = document.RootElement;

        var sum = JdeValues.GetDecimal(root.GetProperty("a"), "a") + JdeValues.GetDecimal(root.GetProperty("b"), "b");

        sum.Should().Be(0.3m).And.Be(JdeValues.GetDecimal(root.GetProperty("c"), "c"));
    }

    [Fact]
    public void TryGetDecimal_WhenTheNumberHasMoreDigitsThanDouble_ThenKeepsThemAll()
    {
        using var document = JsonDocument.Parse("12345678901234567.891");

        JdeValues.GetDecimal(document.RootElement, "F4111_PAID").Should().Be(12345678901234567.891m);
    }

    [Theory]
    [InlineData("\"1,234.50\"", "invariant-culture number")]
    [InlineData("\"12,5\"", "invariant-culture number")]
    [InlineData("\"\"", "invariant-culture number")]
    [InlineData("\"abc\"", "invariant-culture number")]
    [InlineData("null", "found Null")]
    [InlineData("true", "found True")]
    [InlineData("[1]", "found Array")]
    [InlineData("{}", "found Object")]
    [InlineData("1E40", "does not fit a decimal")]
    public void TryGetDecimal_WhenNotANumber_ThenFailsWithAClearMessage(string json, string message)
    {
        using var document = JsonDocument.Parse(json);

        JdeValues.TryGetDecimal(document.RootElement, out _, out var error).Should().BeFalse();

        error.Should().Contain(message);
    }

    [Fact]
    public void GetDecimal_WhenInvalid_ThenThrowsNamingTheField()
    {
        using var document = JsonDocument.Parse("\"twelve\"");
        var root = document.RootElement;

        var act = () => JdeValues.GetDecimal(root, "F4111_TRQT");

        act.Should().Throw<FormatException>().WithMessage("F4111_TRQT: *twelve*");
    }

    [Theory]
    [InlineData("6002411", 6002411L)]
    [InlineData("\"6002411\"", 6002411L)]
    [InlineData("\" 5012345 \"", 5012345L)]
    [InlineData("6002411.0", 6002411L)]
    [InlineData("\"6002411.00\"", 6002411L)]
    [InlineData("-42", -42L)]
    [InlineData("9007199254740993", 9007199254740993L)]
    public void TryGetInt64_WhenAWholeNumberOrNumericString_ThenReadsIt(string json, long expected)
    {
        using var document = JsonDocument.Parse(json);

        JdeValues.TryGetInt64(document.RootElement, out var value, out var error).Should().BeTrue(error);

        value.Should().Be(expected);
    }

    [Theory]
    [InlineData("1.5", "not a whole number")]
    [InlineData("\"1.5\"", "not a whole number")]
    [InlineData("\"5,012,345\"", "not a whole number")]
    [InlineData("null", "found Null")]
    [InlineData("false", "found False")]
    [InlineData("1E30", "not a whole number in range")]
    public void TryGetInt64_WhenNotAWholeNumber_ThenFailsWithAClearMessage(string json, string message)
    {
        using var document = JsonDocument.Parse(json);

        JdeValues.TryGetInt64(document.RootElement, out _, out var error).Should().BeFalse();

        error.Should().Contain(message);
    }

    [Theory]
    [InlineData("\"5012345\"", true)]
    [InlineData("2147483647", true)]
    [InlineData("2147483648", false)]
    public void TryGetInt32_WhenGivenWholeNumbers_ThenChecksTheRange(string json, bool fits)
    {
        using var document = JsonDocument.Parse(json);

        JdeValues.TryGetInt32(document.RootElement, out _, out var error).Should().Be(fits, error);
    }

    [Fact]
    public void Parse_WhenAnAisCardexRowArrives_ThenEveryFieldIsTrimmedSignedAndExact()
    {
        const string Row = """
            { "F4111_UKID": "6002411", "F4111_MCU": "        1110", "F4111_LITM": "B_FLOUR_T55              ",
              "F4111_DOC": 5012345, "F4111_TRDJ": "20250821", "F4111_DGL": 125233, "F4111_CRDJ": "",
              "F4111_TRQT": -12.5, "F4111_UNCS": "0.8421", "F4111_PAID": -10.53, "F4111_LOCN": null }
            """;
        using var document = JsonDocument.Parse(Row);
        var row = document.RootElement;
        var format = JdeDateFormat.DayMonthYear;

        JdeValues.GetInt64(row.GetProperty("F4111_UKID"), "F4111_UKID").Should().Be(6002411);
        JdeValues.GetInt32(row.GetProperty("F4111_DOC"), "F4111_DOC").Should().Be(5012345);
        JdeValues.NormaliseBusinessUnit(row.GetProperty("F4111_MCU").GetString()).Should().Be("1110");
        JdeValues.GetTrimmedString(row.GetProperty("F4111_LITM"), "F4111_LITM").Should().Be("B_FLOUR_T55");
        JdeValues.GetTrimmedString(row.GetProperty("F4111_LOCN"), "F4111_LOCN").Should().BeEmpty();
        JdeValues.GetDate(row.GetProperty("F4111_TRDJ"), "F4111_TRDJ", format).Should().Be(new DateOnly(2025, 8, 21));
        JdeValues.GetDate(row.GetProperty("F4111_DGL"), "F4111_DGL", format).Should().Be(new DateOnly(2025, 8, 21));
        JdeValues.GetDate(row.GetProperty("F4111_CRDJ"), "F4111_CRDJ", format).Should().BeNull();
        JdeValues.GetDecimal(row.GetProperty("F4111_TRQT"), "F4111_TRQT").Should().Be(-12.5m);
        JdeValues.GetDecimal(row.GetProperty("F4111_UNCS"), "F4111_UNCS").Should().Be(0.8421m);
        JdeValues.GetDecimal(row.GetProperty("F4111_PAID"), "F4111_PAID").Should().Be(-10.53m);
    }

    [Theory]
    [InlineData("\"20250821\"")]
    [InlineData("20250821")]
    [InlineData("125233")]
    [InlineData("\"125233\"")]
    [InlineData("\"2025-08-21\"")]
    [InlineData("\"21/08/2025\"")]
    public void TryGetDate_WhenAnyAisDateForm_ThenGivesTheDate(string json)
    {
        using var document = JsonDocument.Parse(json);

        JdeValues.TryGetDate(document.RootElement, JdeDateFormat.DayMonthYear, out var date, out var error).Should().BeTrue(error);

        date.Should().Be(new DateOnly(2025, 8, 21));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("0")]
    [InlineData("\"\"")]
    [InlineData("\"00000000\"")]
    [InlineData("\"null\"")]
    public void TryGetDate_WhenNoDate_ThenSucceedsWithNull(string json)
    {
        using var document = JsonDocument.Parse(json);

        JdeValues.TryGetDate(document.RootElement, JdeDateFormat.DayMonthYear, out var date, out var error).Should().BeTrue(error);

        date.Should().BeNull();
    }

    [Theory]
    [InlineData("125366", "neither a Julian")]
    [InlineData("-1", "neither a Julian")]
    [InlineData("1.5", "neither a Julian")]
    [InlineData("\"08/21/2025\"", "dd/MM/yyyy")]
    [InlineData("true", "found True")]
    public void TryGetDate_WhenInvalid_ThenFailsWithAClearMessage(string json, string message)
    {
        using var document = JsonDocument.Parse(json);

        JdeValues.TryGetDate(document.RootElement, JdeDateFormat.DayMonthYear, out _, out var error).Should().BeFalse();

        error.Should().Contain(message);
    }

    [Fact]
    public void GetTrimmedString_WhenANumberArrives_ThenThrowsNamingTheField()
    {
        using var document = JsonDocument.Parse("12");
        var root = document.RootElement;

        var act = () => JdeValues.GetTrimmedString(root, "F4111_LOTN");

        act.Should().Throw<FormatException>().WithMessage("F4111_LOTN: *found Number*");
    }
}
