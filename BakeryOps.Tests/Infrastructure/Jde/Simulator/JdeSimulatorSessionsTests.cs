using System.Text;
using BakeryOps.Infrastructure.Jde.Simulator;
using Microsoft.Extensions.Time.Testing;

namespace BakeryOps.Tests.Infrastructure.Jde.Simulator;

public sealed class JdeSimulatorSessionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly JdeSimulatorSessions _sessions;

    public JdeSimulatorSessionsTests() => _sessions = new JdeSimulatorSessions(JdeSimulatorAccount.Default, _clock);

    [Theory]
    [InlineData("BAKERYINT", "bakeryint", true)]
    [InlineData("bakeryint", "bakeryint", true)]
    [InlineData("BAKERYINT", "BAKERYINT", false)]
    [InlineData("SOMEONE", "bakeryint", false)]
    [InlineData(null, "bakeryint", false)]
    public void Login_WhenGivenCredentials_ThenOnlyTheAccountGetsAnAisStyleToken(string? user, string password, bool accepted)
    {
        var token = _sessions.Login(user, password, "sync-01");

        (token is not null).Should().Be(accepted);
        if (accepted)
        {
            token.Should().StartWith("044");
        }
    }

    [Fact]
    public void Validate_WhenUsedFromAnotherDevice_ThenRefused()
    {
        var token = _sessions.Login("BAKERYINT", "bakeryint", "sync-01");

        _sessions.Validate(token, "sync-01").Should().BeTrue();
        _sessions.Validate(token, "laptop").Should().BeFalse();
    }

    [Fact]
    public void Validate_WhenIdleLongerThanTheInactivityTimeout_ThenExpiredButUseKeepsItAlive()
    {
        var idle = _sessions.Login("BAKERYINT", "bakeryint", "d")!;
        var busy = _sessions.Login("BAKERYINT", "bakeryint", "d")!;

        for (var minute = 0; minute < 30; minute += 10)
        {
            _clock.SetUtcNow(T0.AddMinutes(minute + 10));
            _sessions.Validate(busy, "d").Should().BeTrue();
        }

        _sessions.Validate(idle, "d").Should().BeFalse();
    }

    [Fact]
    public void Validate_WhenOlderThanItsTimeToLive_ThenExpiredEvenIfUsed()
    {
        var token = _sessions.Login("BAKERYINT", "bakeryint", "d")!;
        for (var minutes = 15; minutes <= 8 * 60; minutes += 15)
        {
            _clock.SetUtcNow(T0.AddMinutes(minutes));
            _sessions.Validate(token, "d");
        }

        _clock.SetUtcNow(T0.AddHours(8).AddMinutes(1));

        _sessions.Validate(token, "d").Should().BeFalse();
    }

    [Fact]
    public void Logout_WhenCalledTwice_ThenTheSecondSaysTheTokenIsUnknown()
    {
        var token = _sessions.Login("BAKERYINT", "bakeryint", "d");

        _sessions.Logout(token).Should().BeTrue();
        _sessions.Logout(token).Should().BeFalse();
        _sessions.Validate(token, "d").Should().BeFalse();
    }

    [Theory]
    [InlineData("BAKERYINT:bakeryint", "BAKERYINT", "bakeryint")]
    [InlineData("BAKERYINT:pass:with:colons", "BAKERYINT", "pass:with:colons")]
    public void ParseBasic_WhenWellFormed_ThenSplitsAtTheFirstColon(string pair, string user, string password) =>
        JdeSimulatorSessions.ParseBasic("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(pair))).Should().Be((user, password));

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer abc")]
    [InlineData("Basic !!!")]
    [InlineData("Basic Og==")]
    public void ParseBasic_WhenMissingOrMalformed_ThenNull(string? header) =>
        JdeSimulatorSessions.ParseBasic(header).Should().BeNull();
}
