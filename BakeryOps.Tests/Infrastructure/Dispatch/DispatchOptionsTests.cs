using BakeryOps.Domain.Dispatch;
using BakeryOps.Infrastructure.Dispatch;

namespace BakeryOps.Tests.Infrastructure.Dispatch;

public sealed class DispatchOptionsTests
{
    [Fact]
    public void Validate_WhenTheDefaultsAreKept_ThenNoMessage() => new DispatchOptions().Validate().Should().BeEmpty();

    [Fact]
    public void Validate_WhenSettingsAreWrong_ThenEachMessageNamesItsKey()
    {
        var options = new DispatchOptions
        {
            MovementTypes = ["USAGE", "SPILL", "RECEIPT"],
            Parallelism = 0,
            MaxAttempts = 0,
            ClaimTimeout = TimeSpan.FromSeconds(1),
            SecondApproval = new DispatchSecondApprovalOptions { Quantity = -1 },
        };

        options.Validate().Should().BeEquivalentTo(
            "Dispatch:MovementTypes: 'SPILL' is not a movement type (USAGE, WASTE, ADJUSTMENT, RECEIPT, TRANSFER).",
            "Dispatch:DocumentTypes:RECEIPT must be II or IA for a movement type that is posted.",
            "Dispatch:SecondApproval:Quantity must be zero or more.",
            "Dispatch:Parallelism must be between 1 and 64.",
            "Dispatch:MaxAttempts must be at least 1.",
            "Dispatch:ClaimTimeout must be at least 10 seconds (longer than a post may take).");
    }

    [Theory]
    [InlineData(5, "KG", false)]
    [InlineData(5.001, "KG", true)]
    [InlineData(-6, "KG", true)]
    [InlineData(100, "EA", false)]
    public void SecondApproval_WhenAboveTheUnitsThreshold_ThenRequired(decimal quantity, string unit, bool required) =>
        new DispatchSecondApprovalOptions { PerUnit = new(StringComparer.OrdinalIgnoreCase) { ["kg"] = 5m } }
            .Requires(quantity, unit).Should().Be(required);

    [Fact]
    public void Keys_WhenDerived_ThenStableTwentyCharactersAndReadBackFromTheExplanation()
    {
        var key = DispatchKeys.For("default_facility", "mov_0192");

        key.Should().HaveLength(JdeDispatch.KeyLength).And.Be(DispatchKeys.For("default_facility", "mov_0192"));
        DispatchKeys.For("other_facility", "mov_0192").Should().NotBe(key);
        DispatchKeys.FromExplanation("BKO " + key + "      ").Should().Be(key);
        DispatchKeys.FromExplanation("PO 4712 received").Should().BeNull();
        DispatchKeys.FromExplanation("BKO not-a-key").Should().BeNull();
        ("BKO " + key).Length.Should().BeLessThanOrEqualTo(30, "JD Edwards keeps 30 characters of TREX");
    }
}
