using BakeryOps.Portal.Jobs;

namespace BakeryOps.Tests.Portal.Jobs;

public sealed class LateStartLimitTests
{
    private static readonly DateTimeOffset From = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0/2 * * * * ?", 1_000)]
    [InlineData("0/30 * * * * ?", 15_000)]
    [InlineData("0,4 * * * * ?", 2_000)]
    [InlineData("* * * * * ?", 1_000)]
    [InlineData("0 0/15 * * * ?", 60_000)]
    [InlineData("0 30 2 * * ?", 60_000)]
    [InlineData("0 0 0 1 1 ? 2099", 60_000)]
    public void For_WhenTheScheduleFiresEvery_ThenHalfItsShortestGapBetweenOneSecondAndAMinute(string cron, int milliseconds)
    {
        LateStartLimit.For(cron, TimeZoneInfo.Utc, From).Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Fact]
    public void For_WhenTheScheduleNeverFiresAgain_ThenTheStoresThreshold()
    {
        LateStartLimit.For("0 0 0 1 1 ? 2020", TimeZoneInfo.Utc, From).Should().Be(LateStartLimit.Longest);
    }

    [Fact]
    public void For_WhenTheGapsAreUneven_ThenTheShortestDecides()
    {
        // Firings at :00 and :20 of each minute: 20 s, then 40 s.
        LateStartLimit.For("0,20 * * * * ?", TimeZoneInfo.Utc, From).Should().Be(TimeSpan.FromSeconds(10));
    }
}
