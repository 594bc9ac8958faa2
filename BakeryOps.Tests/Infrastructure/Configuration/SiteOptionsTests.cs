using System.ComponentModel.DataAnnotations;
using BakeryOps.Infrastructure.Configuration;

namespace BakeryOps.Tests.Infrastructure.Configuration;

/// <summary>Site:TimeZone is an IANA id the machine knows; anything else is refused with a message naming the key.</summary>
public sealed class SiteOptionsTests
{
    [Theory]
    [InlineData("UTC")]
    [InlineData("Europe/Paris")]
    [InlineData("America/New_York")]
    [InlineData("Australia/Sydney")]
    public void Validate_WhenTheZoneIsKnown_ThenNoMessageAndTheZoneResolves(string zone)
    {
        var site = new SiteOptions { TimeZone = zone };

        Validate(site).Should().BeEmpty();
        site.TimeZoneInfo.HasSameRules(TimeZoneInfo.FindSystemTimeZoneById(zone)).Should().BeTrue();
    }

    [Fact]
    public void Validate_WhenNothingIsSet_ThenTheSiteIsInUtc()
    {
        var site = new SiteOptions();

        Validate(site).Should().BeEmpty();
        site.TimeZoneInfo.HasSameRules(TimeZoneInfo.Utc).Should().BeTrue();
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("Europe/Paris; DROP TABLE facilities")]
    public void Validate_WhenTheZoneIsUnknown_ThenTheMessageNamesSiteTimeZone(string zone)
    {
        var messages = Validate(new SiteOptions { TimeZone = zone });

        messages.Should().ContainSingle().Which.Should().Contain("Site:TimeZone").And.Contain("IANA");
    }

    private static List<string?> Validate(SiteOptions site)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(site, new ValidationContext(site), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage)];
    }
}
