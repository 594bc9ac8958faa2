using System.ComponentModel.DataAnnotations;
using BakeryOps.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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

    // As the portal binds and validates the section: the options validator reads every property, TimeZoneInfo included.
    [Fact]
    public void Options_WhenTheConfiguredZoneIsUnknown_ThenValidationFailsNamingSiteTimeZone()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Site:TimeZone"] = "Mars/Olympus_Mons" })
            .Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration)
            .AddOptions<SiteOptions>().BindConfiguration(SiteOptions.SectionName).ValidateDataAnnotations().Services
            .BuildServiceProvider();

        var read = () => services.GetRequiredService<IOptions<SiteOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Site:TimeZone 'Mars/Olympus_Mons'");
    }

    private static List<string?> Validate(SiteOptions site)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(site, new ValidationContext(site), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage)];
    }
}
