using BakeryOps.Domain.Inventory;

namespace BakeryOps.Tests.Domain.Inventory;

public sealed class QuantityConverterTests
{
    private static readonly ProductUnitConversion[] Eggs = [new("CS", 360m)];

    [Theory]
    [InlineData("1", "KG", "G", "1000")]
    [InlineData("250", "G", "KG", "0.25")]
    [InlineData("1", "MG", "KG", "0.000001")]
    [InlineData("0.75", "L", "ML", "750")]
    [InlineData("1.5", "LT", "L", "1.5")]
    [InlineData("333", "ML", "L", "0.333")]
    [InlineData("2", "DZ", "EA", "24")]
    [InlineData("-3", "kg", "g", "-3000")]
    public void TryConvert_WhenTheCatalogueKnowsBothUnits_ThenConvertsExactly(string quantity, string unit, string inventoryUnit, string expected)
    {
        QuantityConverter.TryConvert(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), unit, inventoryUnit, [], out var converted, out var error)
            .Should().BeTrue(error);

        converted.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TryConvert_WhenTheProductDefinesThePackage_ThenCasesBecomeEggs()
    {
        QuantityConverter.TryConvert(4, "CS", "EA", Eggs, out var converted, out _).Should().BeTrue();

        converted.Should().Be(1440);
    }

    [Fact]
    public void TryConvert_WhenAProductConversionIsReachedThroughTheCatalogue_ThenChainsThem()
    {
        // 1 G of a product stocked per bag of 25 KG: via "1 KG = 0.04 BG".
        QuantityConverter.TryConvert(500, "G", "BG", [new ProductUnitConversion("KG", 0.04m)], out var converted, out _).Should().BeTrue();

        converted.Should().Be(0.02m);
    }

    [Theory]
    [InlineData("L", "KG")]
    [InlineData("EA", "KG")]
    [InlineData("CS", "EA")]
    [InlineData("PK", "CS")]
    public void TryConvert_WhenNoConversionExists_ThenRefusesAndSaysHowToFixIt(string unit, string inventoryUnit)
    {
        QuantityConverter.TryConvert(1, unit, inventoryUnit, [], out _, out var error).Should().BeFalse();

        error.Should().Contain("cannot be converted").And.Contain("unit conversion");
    }

    [Fact]
    public void TryConvert_WhenTheUnitIsUnknown_ThenSaysSo()
    {
        QuantityConverter.TryConvert(1, "BUCKET", "KG", [], out _, out var error).Should().BeFalse();

        error.Should().Be("'BUCKET' is not a known unit.");
    }

    [Theory]
    [InlineData("lt", "L")]
    [InlineData(" kg ", "KG")]
    [InlineData("Each", "EA")]
    [InlineData("nope", null)]
    [InlineData("", null)]
    public void Normalise_WhenGivenAnAliasOrCase_ThenReturnsTheCatalogueCode(string code, string? expected) =>
        UnitCatalogue.Normalise(code).Should().Be(expected);

    [Theory]
    [InlineData(MovementType.Receipt, 5, 5)]
    [InlineData(MovementType.Usage, 5, -5)]
    [InlineData(MovementType.Waste, 5, -5)]
    [InlineData(MovementType.Adjustment, -2, -2)]
    [InlineData(MovementType.Transfer, -2, -2)]
    public void Effect_WhenAMovementTypeIsApplied_ThenSignsTheQuantity(MovementType type, int quantity, int effect) =>
        type.Effect(quantity).Should().Be(effect);

    [Theory]
    [InlineData("usage", true)]
    [InlineData("RECEIPT", true)]
    [InlineData("1", false)]
    [InlineData("THEFT", false)]
    [InlineData(null, false)]
    public void TryParse_WhenGivenTheSeedsValues_ThenAcceptsOnlyKnownNames(string? value, bool accepted) =>
        MovementTypes.TryParse(value, out _).Should().Be(accepted);
}
