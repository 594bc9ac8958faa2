using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Portal.Jobs;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BakeryOps.Tests.Portal.Jobs;

/// <summary>The schedules' zone: Jobs:TimeZone when set, otherwise the site's (Site:TimeZone), otherwise UTC.</summary>
public sealed class JobScheduleOptionsTests
{
    [Theory]
    [InlineData(null, null, "UTC")]
    [InlineData("Europe/Paris", null, "Europe/Paris")]
    [InlineData("Europe/Paris", "", "Europe/Paris")]
    [InlineData("Europe/Paris", "America/New_York", "America/New_York")]
    [InlineData(null, "Australia/Sydney", "Australia/Sydney")]
    public void TimeZone_WhenJobsAndSiteAreSetOrNot_ThenTheJobsZoneWinsOverTheSitesOverUtc(string? site, string? jobs, string expected)
    {
        using var services = Services(new() { ["Site:TimeZone"] = site, ["Jobs:TimeZone"] = jobs });

        var options = services.GetRequiredService<IOptions<JobScheduleOptions>>().Value;

        options.TimeZone.Should().Be(expected);
        options.Validate().Should().BeEmpty();
    }

    [Fact]
    public void TimeZone_WhenTheSiteZoneItFollowsIsUnknown_ThenTheMessageNamesSiteTimeZone()
    {
        using var services = Services(new() { ["Site:TimeZone"] = "Mars/Olympus_Mons" });

        var read = () => services.GetRequiredService<IOptions<JobScheduleOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Site:TimeZone").And.NotContain("Jobs:TimeZone");
    }

    [Fact]
    public void TimeZone_WhenJobsNamesAnUnknownZone_ThenTheMessageNamesJobsTimeZone()
    {
        using var services = Services(new() { ["Site:TimeZone"] = "Europe/Paris", ["Jobs:TimeZone"] = "Mars/Olympus_Mons" });

        var read = () => services.GetRequiredService<IOptions<JobScheduleOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Jobs:TimeZone 'Mars/Olympus_Mons'");
    }

    [Fact]
    [Trait("Category", "Sqlite")]
    public async Task Portal_WhenOnlySiteTimeZoneIsSet_ThenTheJobsApiShowsTheSchedulesInIt()
    {
        await using var factory = new PortalFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Site:TimeZone"] = "Europe/Paris",
        });
        using var client = factory.CreateHttpClient();
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));

        var jobs = await client.GetFromJsonAsync<JsonElement>("jobs");

        jobs.EnumerateArray().Should().NotBeEmpty();
        jobs.EnumerateArray().Select(j => j.GetProperty("timeZone").GetString()).Should().AllBe("Europe/Paris");
    }

    // The Site and Jobs sections registered as the portal registers them.
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Where(s => s.Value is not null))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.SectionName).ValidateDataAnnotations();
        services.AddJobScheduleOptions();
        return services.BuildServiceProvider();
    }
}
