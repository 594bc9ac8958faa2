using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Portal.Components.Shared;
using Microsoft.Extensions.Options;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>Instants as the pages show them: in the site's zone across its DST changes, or in UTC when the user asks.</summary>
public sealed class TimeDisplayTests
{
    private const string WithOffset = "yyyy-MM-dd HH:mm:ss zzz";

    [Theory]
    // New York springs forward on 2026-03-08 at 02:00 EST (07:00 UTC): 02:00 to 02:59 never happen.
    [InlineData("America/New_York", "2026-03-08T06:59:59Z", "2026-03-08 01:59:59 -05:00")]
    [InlineData("America/New_York", "2026-03-08T07:00:00Z", "2026-03-08 03:00:00 -04:00")]
    // Paris springs forward on 2026-03-29 at 02:00 CET (01:00 UTC) ...
    [InlineData("Europe/Paris", "2026-03-29T00:59:59Z", "2026-03-29 01:59:59 +01:00")]
    [InlineData("Europe/Paris", "2026-03-29T01:00:00Z", "2026-03-29 03:00:00 +02:00")]
    // ... and falls back on 2026-10-25 at 03:00 CEST (01:00 UTC): 02:00 to 02:59 happen twice, told apart by the offset.
    [InlineData("Europe/Paris", "2026-10-25T00:30:00Z", "2026-10-25 02:30:00 +02:00")]
    [InlineData("Europe/Paris", "2026-10-25T01:30:00Z", "2026-10-25 02:30:00 +01:00")]
    public void Format_WhenTheSiteZoneChangesItsOffset_ThenTheWallClockFollowsIt(string zone, string instant, string shown)
    {
        var display = Display(zone);

        display.Format(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), WithOffset).Should().Be(shown);
    }

    [Fact]
    public void Format_WhenTheUserSwitchesToUtc_ThenTheSameInstantsShowInUtc()
    {
        var display = Display("America/New_York");
        var before = new DateTimeOffset(2026, 3, 8, 6, 59, 59, TimeSpan.Zero);
        var after = new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero);

        display.Utc = true;

        display.Format(before, WithOffset).Should().Be("2026-03-08 06:59:59 +00:00");
        display.Format(after, WithOffset).Should().Be("2026-03-08 07:00:00 +00:00");
        display.ZoneId.Should().Be("UTC");
        display.Zone.Should().Be(TimeZoneInfo.Utc);
        display.SiteZone.Id.Should().Be("America/New_York");
    }

    [Fact]
    public void Format_WhenTheInstantCarriesAnotherOffset_ThenOnlyTheInstantCounts()
    {
        var display = Display("Europe/Paris");

        display.Format(new DateTimeOffset(2026, 3, 8, 2, 30, 0, TimeSpan.FromHours(-5))).Should().Be("2026-03-08 08:30:00");
        display.Format((DateTimeOffset?)null).Should().BeEmpty();
    }

    [Fact]
    public void Utc_WhenSetToADifferentValue_ThenChangedIsRaisedOnceEachTime()
    {
        var display = Display("Europe/Paris");
        var raised = 0;
        display.Changed += () => raised++;

        display.Utc = true;
        display.Utc = true;
        display.Utc = false;

        raised.Should().Be(2);
        display.ZoneId.Should().Be("Europe/Paris");
    }

    private static TimeDisplay Display(string zone) => new(Options.Create(new SiteOptions { TimeZone = zone }));
}
