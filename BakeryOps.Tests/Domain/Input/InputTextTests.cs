using BakeryOps.Domain.Input;

namespace BakeryOps.Tests.Domain.Input;

public sealed class InputTextTests
{
    [Theory]
    [InlineData("")]
    [InlineData("Flour T55, 25 kg")]
    [InlineData("Line one\r\nline two\tand a tab")]
    [InlineData("Crème brûlée – 🍰")]
    [InlineData("' OR 1=1 --")]
    [InlineData("../../etc/passwd")]
    public void Problem_WhenTheTextIsPrintableOrHasTabsAndLineBreaks_ThenNone(string text) =>
        InputText.Problem(text).Should().BeNull();

    [Theory]
    [InlineData("a\0b", "U+0000 at position 2")]
    [InlineData("\u0001", "U+0001 at position 1")]
    [InlineData("red\u001b[31m", "U+001B at position 4")]
    [InlineData("del\u007f", "U+007F at position 4")]
    [InlineData("next\u0085line", "U+0085 at position 5")]
    public void Problem_WhenTheTextHoldsAnotherControlCharacter_ThenItIsNamedWithItsPosition(string text, string expected) =>
        InputText.Problem(text).Should().Contain(expected);

    // Built here: test data attributes cannot carry unpaired surrogates intact.
    [Theory]
    [InlineData("x", 0xD800, "")]
    [InlineData("", 0xDC00, "x")]
    [InlineData("a", 0xD83C, "\uD83C")]
    public void Problem_WhenASurrogateIsUnpaired_ThenBrokenCharacter(string before, int surrogate, string after) =>
        InputText.Problem(before + (char)surrogate + after).Should().Contain("unpaired UTF-16 surrogate");

    [Fact]
    public void Problem_WhenASurrogatePairIsWhole_ThenNone() => InputText.Problem("cake \uD83C\uDF70").Should().BeNull();

    [Fact]
    public void Problem_WhenNull_ThenNone() => InputText.Problem((string?)null).Should().BeNull();
}
