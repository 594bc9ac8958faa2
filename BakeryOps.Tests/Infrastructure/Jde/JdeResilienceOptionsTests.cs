using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Jde.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace BakeryOps.Tests.Infrastructure.Jde;

/// <summary>Jde:Resilience is checked at start, each message naming its key.</summary>
public sealed class JdeResilienceOptionsTests
{
    [Fact]
    public void Validate_WhenTheDefaultsAreKept_ThenNoMessage() => new JdeOptions().Validate().Should().BeEmpty();

    [Fact]
    public void Validate_WhenEverySettingIsBelowItsRange_ThenEachMessageNamesItsKey()
    {
        var options = new JdeOptions
        {
            Resilience = new JdeResilienceOptions
            {
                ReadAttempts = 0,
                RetryBaseDelayMilliseconds = -1,
                ReadTimeoutSeconds = 0,
                ReadTotalTimeoutSeconds = -1,
                PostTimeoutSeconds = 0,
                CircuitBreaker = new JdeCircuitBreakerOptions { FailureRatio = 0, MinimumThroughput = 1, SamplingDurationSeconds = 0, BreakSeconds = 0 },
            },
        };

        options.Validate().Should().SatisfyRespectively(
            m => m.Should().Be("Jde:Resilience:ReadAttempts must be between 1 and 10."),
            m => m.Should().Be("Jde:Resilience:RetryBaseDelayMilliseconds must be between 0 and 60000."),
            m => m.Should().Be("Jde:Resilience:ReadTimeoutSeconds must be between 1 and 3600."),
            m => m.Should().StartWith("Jde:Resilience:ReadTotalTimeoutSeconds must be at least Jde:Resilience:ReadTimeoutSeconds"),
            m => m.Should().Be("Jde:Resilience:PostTimeoutSeconds must be between 1 and 3600."),
            m => m.Should().Be("Jde:Resilience:CircuitBreaker:FailureRatio must be above 0 and at most 1."),
            m => m.Should().Be("Jde:Resilience:CircuitBreaker:MinimumThroughput must be between 2 and 1000."),
            m => m.Should().Be("Jde:Resilience:CircuitBreaker:SamplingDurationSeconds must be between 1 and 3600."),
            m => m.Should().Be("Jde:Resilience:CircuitBreaker:BreakSeconds must be between 1 and 3600."));
    }

    [Fact]
    public void Validate_WhenEverySettingIsAboveItsRange_ThenEachMessageNamesItsKey()
    {
        var options = new JdeResilienceOptions
        {
            ReadAttempts = 11,
            RetryBaseDelayMilliseconds = 60_001,
            ReadTimeoutSeconds = 3601,
            ReadTotalTimeoutSeconds = 86_401,
            PostTimeoutSeconds = 3601,
            CircuitBreaker = new JdeCircuitBreakerOptions { FailureRatio = 1.01, MinimumThroughput = 1001, SamplingDurationSeconds = 3601, BreakSeconds = 3601 },
        };

        options.Validate().Select(m => m[..m.IndexOf(' ', StringComparison.Ordinal)]).Should().Equal(
            "Jde:Resilience:ReadAttempts",
            "Jde:Resilience:RetryBaseDelayMilliseconds",
            "Jde:Resilience:ReadTimeoutSeconds",
            "Jde:Resilience:ReadTotalTimeoutSeconds",
            "Jde:Resilience:PostTimeoutSeconds",
            "Jde:Resilience:CircuitBreaker:FailureRatio",
            "Jde:Resilience:CircuitBreaker:MinimumThroughput",
            "Jde:Resilience:CircuitBreaker:SamplingDurationSeconds",
            "Jde:Resilience:CircuitBreaker:BreakSeconds");
    }

    [Theory]
    [InlineData(120, 119, false)]
    [InlineData(120, 120, true)]
    [InlineData(1, 86_400, true)]
    public void Validate_WhenTheTotalReadTimeoutIsComparedWithOneCall_ThenItMustCoverIt(int readSeconds, int totalSeconds, bool valid)
    {
        var options = new JdeResilienceOptions { ReadTimeoutSeconds = readSeconds, ReadTotalTimeoutSeconds = totalSeconds };

        var messages = options.Validate().ToList();

        if (valid)
        {
            messages.Should().BeEmpty();
        }
        else
        {
            messages.Should().ContainSingle().Which.Should().Be(
                "Jde:Resilience:ReadTotalTimeoutSeconds must be at least Jde:Resilience:ReadTimeoutSeconds (120) and at most 86400.");
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.5)]
    public void Validate_WhenTheFailureRatioIsNotAShare_ThenNamesTheKey(double ratio)
    {
        var options = new JdeCircuitBreakerOptions { FailureRatio = ratio };

        options.Validate().Should().ContainSingle().Which.Should().StartWith("Jde:Resilience:CircuitBreaker:FailureRatio ");
    }

    [Theory]
    [InlineData(1, 0, 1, 1, 1, 0.01, 2, 1, 1)]
    [InlineData(10, 60_000, 3600, 86_400, 3600, 1.0, 1000, 3600, 3600)]
    public void Validate_WhenSettingsAreAtTheEdgesOfTheirRanges_ThenPollyAcceptsThemToo(
        int attempts, int delayMs, int readSeconds, int totalSeconds, int postSeconds, double ratio, int throughput, int samplingSeconds, int breakSeconds)
    {
        var options = new JdeOptions
        {
            Resilience = new JdeResilienceOptions
            {
                ReadAttempts = attempts,
                RetryBaseDelayMilliseconds = delayMs,
                ReadTimeoutSeconds = readSeconds,
                ReadTotalTimeoutSeconds = totalSeconds,
                PostTimeoutSeconds = postSeconds,
                CircuitBreaker = new JdeCircuitBreakerOptions
                {
                    FailureRatio = ratio, MinimumThroughput = throughput, SamplingDurationSeconds = samplingSeconds, BreakSeconds = breakSeconds,
                },
            },
        };
        var settings = JdeClientSettingsFactory.Create(options, new Uri("http://127.0.0.1:5080/"));

        var build = () => new JdeResiliencePipelines(settings, TimeProvider.System, NullLogger.Instance);

        options.Validate().Should().BeEmpty();
        build.Should().NotThrow();
    }

    [Fact]
    public void Bind_WhenTheSectionIsConfigured_ThenEveryKeyArrives()
    {
        var options = new JdeOptions();
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Jde:Resilience:ReadAttempts"] = "4",
            ["Jde:Resilience:RetryBaseDelayMilliseconds"] = "250",
            ["Jde:Resilience:ReadTimeoutSeconds"] = "90",
            ["Jde:Resilience:ReadTotalTimeoutSeconds"] = "600",
            ["Jde:Resilience:PostTimeoutSeconds"] = "45",
            ["Jde:Resilience:CircuitBreaker:FailureRatio"] = "0.25",
            ["Jde:Resilience:CircuitBreaker:MinimumThroughput"] = "20",
            ["Jde:Resilience:CircuitBreaker:SamplingDurationSeconds"] = "120",
            ["Jde:Resilience:CircuitBreaker:BreakSeconds"] = "15",
        }).Build().GetSection(JdeOptions.SectionName).Bind(options);

        var resilience = options.Resilience;
        (resilience.ReadAttempts, resilience.RetryBaseDelayMilliseconds, resilience.ReadTimeoutSeconds, resilience.ReadTotalTimeoutSeconds, resilience.PostTimeoutSeconds)
            .Should().Be((4, 250, 90, 600, 45));
        var breaker = resilience.CircuitBreaker;
        (breaker.FailureRatio, breaker.MinimumThroughput, breaker.SamplingDurationSeconds, breaker.BreakSeconds).Should().Be((0.25, 20, 120, 15));
        options.Validate().Should().BeEmpty();
    }
}
