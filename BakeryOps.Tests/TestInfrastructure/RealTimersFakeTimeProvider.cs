using Microsoft.Extensions.Time.Testing;

namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> whose timers run in real time, for code that both reads the date from its clock and
/// waits on it: the lake writer's store retries, MudBlazor's debounced inputs. A fake timer fires only when the test
/// advances the clock, so such a wait would never end in a test that does not know of it; the date stays the test's.
/// </summary>
public sealed class RealTimersFakeTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        TimeProvider.System.CreateTimer(callback, state, dueTime, period);
}
