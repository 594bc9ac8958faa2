using BakeryOps.Infrastructure.Jde.Parsing;

namespace BakeryOps.Tests.Infrastructure.Jde.Parsing;

public sealed class JdeDateFormatTests
{
    [Theory]
    [InlineData("DME", "/", "dd/MM/yyyy")]
    [InlineData("MDE", "/", "MM/dd/yyyy")]
    [InlineData("EMD", "/", "yyyy/MM/dd")]
    [InlineData("DME", ".", "dd.MM.yyyy")]
    public void FromCode_WhenTheCodeIsKnown_ThenEqualsTheMatchingSimpleDateFormat(string code, string separator, string pattern)
    {
        var fromCode = JdeDateFormat.FromCode(code, separator);

        fromCode.Should().Be(JdeDateFormat.FromSimpleDateFormat(pattern));
        fromCode.Pattern.Should().Be(pattern);
    }

    [Theory]
    [InlineData("DMY", "two-digit year")]
    [InlineData("DMX", "only D, M and E")]
    [InlineData("DDE", "exactly once")]
    [InlineData("DM", "three letters")]
    [InlineData(null, "three letters")]
    public void TryFromCode_WhenTheCodeIsUnsupported_ThenFailsWithAReason(string? code, string reason)
    {
        JdeDateFormat.TryFromCode(code, "/", out var format, out var error).Should().BeFalse();

        format.Should().BeNull();
        error.Should().Contain(reason);
    }

    [Fact]
    public void TryFromCode_WhenTheSeparatorIsADigit_ThenFails()
    {
        JdeDateFormat.TryFromCode("DME", "1", out _, out var error).Should().BeFalse();

        error.Should().Contain("letter or digit");
    }

    [Theory]
    [InlineData("dd/MM/yy", "two-digit years")]
    [InlineData("dd/MMM/yyyy", "month names")]
    [InlineData("dd/MM/yyyy HH:mm", "after its last field")]
    [InlineData("dd/EE/yyyy", "'E'")]
    [InlineData("dd/MM", "a day, a month and a year")]
    [InlineData("dd/dd/yyyy", "exactly once")]
    [InlineData("dMyyyy", "separator")]
    [InlineData("/dd/MM/yyyy", "before its first")]
    [InlineData("", "empty")]
    public void TryFromSimpleDateFormat_WhenThePatternIsUnsupported_ThenFailsWithAReason(string pattern, string reason)
    {
        JdeDateFormat.TryFromSimpleDateFormat(pattern, out _, out var error).Should().BeFalse();

        error.Should().Contain(reason);
    }

    [Fact]
    public void FromSimpleDateFormat_WhenThePatternIsUnsupported_ThenThrowsFormatException()
    {
        var act = () => JdeDateFormat.FromSimpleDateFormat("MMM d, yyyy");

        act.Should().Throw<FormatException>().WithMessage("*MMM d, yyyy*");
    }

    [Theory]
    [InlineData("MM/dd/yyyy", "DME", "/", "MM/dd/yyyy")]
    [InlineData(null, "MDE", "/", "MM/dd/yyyy")]
    [InlineData("", "EMD", "-", "yyyy-MM-dd")]
    [InlineData("garbage", "DME", ".", "dd.MM.yyyy")]
    [InlineData(null, null, null, "dd/MM/yyyy")]
    [InlineData("dd/MM/yy", "DMY", "/", "dd/MM/yyyy")]
    public void FromUserInfo_WhenFieldsAreMissingOrUnusable_ThenPrefersSimpleThenCodeThenFallback(string? simple, string? code, string? separator, string expected)
    {
        JdeDateFormat.FromUserInfo(simple, code, separator, JdeDateFormat.DayMonthYear).Pattern.Should().Be(expected);
    }

    [Fact]
    public void TryFormat_WhenTheBufferIsTooSmall_ThenFails()
    {
        Span<char> buffer = stackalloc char[9];

        JdeDateFormat.DayMonthYear.TryFormat(new DateOnly(2025, 8, 21), buffer, out _).Should().BeFalse();
    }
}
