using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Input;
using BakeryOps.Domain.Jde;

namespace BakeryOps.Tests.Domain.Input;

public sealed class CodeTextTests
{
    [Theory]
    [InlineData("L2508-017", "L2508-017")]
    [InlineData("  L2508-017\t", "L2508-017")]
    [InlineData("B_FLOUR_T55/1.2#A", "B_FLOUR_T55/1.2#A")]
    public void Normalise_WhenTheCodeIsPrintable_ThenTrimmed(string value, string expected)
    {
        var errors = new ValidationErrors();

        CodeText.Normalise(value, JdeColumns.LotLength, JdeColumns.Lot, "lotNumber", errors).Should().Be(expected);

        errors.Any.Should().BeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Normalise_WhenBlank_ThenNullWithoutError(string? value)
    {
        var errors = new ValidationErrors();

        CodeText.Normalise(value, JdeColumns.LotLength, JdeColumns.Lot, "lotNumber", errors).Should().BeNull();

        errors.Any.Should().BeFalse();
    }

    [Theory]
    [InlineData("L1 A", "a space at position 3")]
    [InlineData("L1\tA", "a tab at position 3")]
    [InlineData("L1\nA", "a line break at position 3")]
    [InlineData("L1\0A", "U+0000 at position 3")]
    [InlineData("L1\u200bA", "U+200B at position 3")]
    [InlineData("L1\u00a0A", "U+00A0 at position 3")]
    public void Normalise_WhenTheCodeHoldsWhitespaceOrInvisibleCharacters_ThenRefusedNamingThem(string value, string expected)
    {
        var errors = new ValidationErrors();

        CodeText.Normalise(value, JdeColumns.LotLength, JdeColumns.Lot, "lotNumber", errors).Should().BeNull();

        errors.ToDictionary()["lotNumber"].Should().ContainSingle().Which.Should().Contain(expected);
    }

    [Fact]
    public void Normalise_WhenLongerThanTheJdeColumn_ThenRefusedNamingTheColumn()
    {
        var errors = new ValidationErrors();
        var thirty = new string('L', JdeColumns.LotLength);

        CodeText.Normalise(thirty, JdeColumns.LotLength, JdeColumns.Lot, "lotNumber", errors).Should().Be(thirty);
        CodeText.Normalise(thirty + "X", JdeColumns.LotLength, JdeColumns.Lot, "lotNumber", errors).Should().BeNull();

        errors.ToDictionary()["lotNumber"].Should().ContainSingle()
            .Which.Should().Be("At most 30 characters (JD Edwards F4111 LOTN holds 30); this one has 31.");
    }

    [Theory]
    [InlineData("FLOUR T55", null)]
    [InlineData("FLOUR  T55", "a space at position 7")]
    [InlineData("FLOUR\tT55", "a tab at position 6")]
    public void Problem_WhenSpacesAreAllowed_ThenOnlySingleSpacesPass(string code, string? expected)
    {
        var problem = CodeText.Problem(code, JdeColumns.SecondItemLength, JdeColumns.SecondItem, allowSpaces: true);

        if (expected is null)
        {
            problem.Should().BeNull();
        }
        else
        {
            problem.Should().Contain(expected);
        }
    }
}
