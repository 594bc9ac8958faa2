using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Jde.Simulator;
using Microsoft.Extensions.Configuration;

namespace BakeryOps.Tests.Infrastructure.Jde.Client;

public sealed class JdeClientSettingsFactoryTests
{
    [Fact]
    public void Create_WhenTheEarlierFullOrchestrationUrlsAreSet_ThenSplitsThemIntoBasePathAndNames()
    {
        var settings = JdeClientSettingsFactory.Create(new JdeOptions
        {
            Mode = JdeMode.Ais,
            CardexSummaryUrl = "https://ais.example.com:9302/jderest/v3/orchestrator/JDE_CARDEX_SUMMARY",
            ItemMasterUrl = "https://ais.example.com:9302/jderest/v3/orchestrator/JDE_ITEM_MASTER_TO_BAKERY_OPS_V2",
            InventoryAdjustmentsUrl = "https://ais.example.com:9302/jderest/v3/orchestrator/JDE_INVENTORY_ADJUSTMENTS",
            Username = "BAKERYINT",
            Password = "secret",
        }, null);

        settings.BaseUri.Should().Be(new Uri("https://ais.example.com:9302/jderest/"));
        settings.OrchestratorPath.Should().Be("v3/orchestrator/");
        settings.ItemMasterOrchestration.Should().Be("JDE_ITEM_MASTER_TO_BAKERY_OPS_V2");
        settings.ToString().Should().NotContain("secret");
    }

    [Fact]
    public void Create_WhenOnlyTheBaseUrlIsSet_ThenTheDefaultOrchestrationsApply()
    {
        var settings = JdeClientSettingsFactory.Create(new JdeOptions { Mode = JdeMode.Ais, BaseUrl = "https://ais/jderest", Username = "u", Password = "p" }, null);

        settings.BaseUri.Should().Be(new Uri("https://ais/jderest/"));
        settings.CardexOrchestration.Should().Be("JDE_CARDEX_SUMMARY");
    }

    [Fact]
    public void Create_WhenInSimulatorMode_ThenTheClientCallsThePortalsOwnSimulator()
    {
        var settings = JdeClientSettingsFactory.Create(new JdeOptions(), new Uri("http://127.0.0.1:5080/"));

        settings.BaseUri.Should().Be(new Uri("http://127.0.0.1:5080/jde-sim/jderest/"));
        settings.UserName.Should().Be("BAKERYINT");
    }

    [Fact]
    public void Create_WhenTheSimulatorAccountIsConfigured_ThenTheEmbeddedClientUsesIt()
    {
        var settings = JdeClientSettingsFactory.Create(new JdeOptions(), new Uri("http://127.0.0.1:5080/"), new JdeSimulatorAccount("OTHERINT", "other-pw"));

        settings.UserName.Should().Be("OTHERINT");
        settings.Password.Should().Be("other-pw");
    }

    [Theory]
    [InlineData("rDateTo", 31, "rDateTo")]
    [InlineData(" Date To ", 7, "Date To")]
    [InlineData("", 31, null)]
    public void Create_WhenCardexWindowsAreConfigured_ThenTheClientSplitsByThem(string input, int days, string? expected)
    {
        var settings = JdeClientSettingsFactory.Create(
            new JdeOptions { Mode = JdeMode.Ais, BaseUrl = "https://ais/jderest/", Username = "u", Password = "p", CardexUpperBoundInput = input, CardexWindowDays = days },
            null);

        settings.CardexUpperBoundInput.Should().Be(expected);
        settings.CardexWindowDays.Should().Be(days);
    }

    [Fact]
    public void Create_WhenResilienceIsConfigured_ThenTheClientSettingsCarryIt()
    {
        var settings = JdeClientSettingsFactory.Create(new JdeOptions
        {
            Mode = JdeMode.Ais,
            BaseUrl = "https://ais/jderest/",
            Username = "u",
            Password = "p",
            Resilience = new JdeResilienceOptions
            {
                ReadAttempts = 5,
                RetryBaseDelayMilliseconds = 250,
                ReadTimeoutSeconds = 90,
                ReadTotalTimeoutSeconds = 600,
                PostTimeoutSeconds = 45,
                CircuitBreaker = new JdeCircuitBreakerOptions { FailureRatio = 0.25, MinimumThroughput = 20, SamplingDurationSeconds = 120, BreakSeconds = 15 },
            },
        }, null);

        settings.MaxReadAttempts.Should().Be(5);
        settings.RetryBaseDelay.Should().Be(TimeSpan.FromMilliseconds(250));
        settings.ReadTimeout.Should().Be(TimeSpan.FromSeconds(90));
        settings.ReadTotalTimeout.Should().Be(TimeSpan.FromSeconds(600));
        settings.PostTimeout.Should().Be(TimeSpan.FromSeconds(45));
        settings.CircuitFailureRatio.Should().Be(0.25);
        settings.CircuitMinimumThroughput.Should().Be(20);
        settings.CircuitSamplingDuration.Should().Be(TimeSpan.FromSeconds(120));
        settings.CircuitBreakDuration.Should().Be(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void Create_WhenResilienceIsLeftAtItsDefaults_ThenTheyAreTheClientSettingsDefaults()
    {
        var defaults = new JdeClientSettings { BaseUri = new Uri("http://127.0.0.1:5080/jde-sim/jderest/"), UserName = "BAKERYINT", Password = "bakeryint" };

        var settings = JdeClientSettingsFactory.Create(new JdeOptions(), new Uri("http://127.0.0.1:5080/"));

        (settings.MaxReadAttempts, settings.RetryBaseDelay, settings.ReadTimeout, settings.ReadTotalTimeout, settings.PostTimeout).Should().Be(
            (defaults.MaxReadAttempts, defaults.RetryBaseDelay, defaults.ReadTimeout, defaults.ReadTotalTimeout, defaults.PostTimeout));
        (settings.CircuitFailureRatio, settings.CircuitMinimumThroughput, settings.CircuitSamplingDuration, settings.CircuitBreakDuration).Should().Be(
            (defaults.CircuitFailureRatio, defaults.CircuitMinimumThroughput, defaults.CircuitSamplingDuration, defaults.CircuitBreakDuration));
    }

    [Fact]
    public void Create_WhenTheUrlsPointAtDifferentServers_ThenRefusesNamingTheSettings()
    {
        var create = () => JdeClientSettingsFactory.Create(new JdeOptions
        {
            Mode = JdeMode.Ais,
            CardexSummaryUrl = "https://one/jderest/v3/orchestrator/A",
            ItemMasterUrl = "https://two/jderest/v3/orchestrator/B",
        }, null);

        create.Should().Throw<InvalidOperationException>().WithMessage("*Jde:CardexSummaryUrl*");
    }

    [Fact]
    public void Create_WhenInSimulatorMode_ThenTheItemBalanceIsAvailable()
    {
        var settings = JdeClientSettingsFactory.Create(new JdeOptions(), new Uri("http://127.0.0.1:5080/"));

        settings.HasItemBalance.Should().BeTrue();
        settings.ItemBalanceOrchestration.Should().Be("JDE_ITEM_BALANCE");
    }

    [Fact]
    public void Create_WhenAnAisHasOnlyABaseUrlOrTheOtherOrchestrationUrls_ThenNoItemBalance()
    {
        var baseOnly = JdeClientSettingsFactory.Create(new JdeOptions { Mode = JdeMode.Ais, BaseUrl = "https://ais/jderest/", Username = "u", Password = "p" }, null);
        var threeUrls = JdeClientSettingsFactory.Create(new JdeOptions
        {
            Mode = JdeMode.Ais,
            CardexSummaryUrl = "https://ais/jderest/v3/orchestrator/JDE_CARDEX_SUMMARY",
            ItemMasterUrl = "https://ais/jderest/v3/orchestrator/JDE_ITEM_MASTER_TO_BAKERY_OPS",
            InventoryAdjustmentsUrl = "https://ais/jderest/v3/orchestrator/JDE_INVENTORY_ADJUSTMENTS",
            Username = "u",
            Password = "p",
        }, null);

        baseOnly.HasItemBalance.Should().BeFalse("a base URL does not say the customer's AIS has the custom balance orchestration");
        baseOnly.ItemBalanceOrchestration.Should().BeNull();
        threeUrls.HasItemBalance.Should().BeFalse();
    }

    [Fact]
    public void Create_WhenTheItemBalanceUrlIsSet_ThenItsNameIsTheOrchestrationAndTheBalanceIsAvailable()
    {
        var settings = JdeClientSettingsFactory.Create(new JdeOptions
        {
            Mode = JdeMode.Ais,
            BaseUrl = "https://ais.example.com:9302/jderest/",
            ItemBalanceUrl = "https://ais.example.com:9302/jderest/v3/orchestrator/ORCH_BAKERY_F41021",
            Username = "u",
            Password = "p",
        }, null);

        settings.HasItemBalance.Should().BeTrue();
        settings.ItemBalanceOrchestration.Should().Be("ORCH_BAKERY_F41021");
        settings.BaseUri.Should().Be(new Uri("https://ais.example.com:9302/jderest/"));
    }

    [Fact]
    public void Create_WhenTheItemBalanceUrlPointsAtAnotherServer_ThenRefusesNamingIt()
    {
        var create = () => JdeClientSettingsFactory.Create(new JdeOptions
        {
            Mode = JdeMode.Ais,
            CardexSummaryUrl = "https://one/jderest/v3/orchestrator/JDE_CARDEX_SUMMARY",
            ItemBalanceUrl = "https://two/jderest/v3/orchestrator/JDE_ITEM_BALANCE",
        }, null);

        create.Should().Throw<InvalidOperationException>().WithMessage("*Jde:ItemBalanceUrl*");
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://ais/jderest/v3/orchestrator/JDE_ITEM_BALANCE")]
    public void Validate_WhenTheItemBalanceUrlIsNotHttp_ThenTheMessageNamesTheSettingAndItsLegacyVariable(string url)
    {
        var problems = new JdeOptions { ItemBalanceUrl = url }.Validate();

        problems.Should().ContainSingle().Which.Should().Be("Jde:ItemBalanceUrl (JDE_ITEM_BALANCE_URL) must be an absolute http or https URL.");
    }

    [Fact]
    public void LegacyVariables_WhenJdeItemBalanceUrlIsSet_ThenItMapsOntoItemBalanceUrlAndMeansARealAis()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["JDE_ITEM_BALANCE_URL"] = "https://ais/jderest/v3/orchestrator/JDE_ITEM_BALANCE" })
            .Build();

        var translated = LegacyVariables.Translate(configuration);

        translated.Should().Contain("Jde:ItemBalanceUrl", "https://ais/jderest/v3/orchestrator/JDE_ITEM_BALANCE").And.Contain("Jde:Mode", "Ais");
    }
}
