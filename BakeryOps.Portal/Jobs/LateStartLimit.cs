using Quartz;

namespace BakeryOps.Portal.Jobs;

/// <summary>
/// How late a scheduled firing may start before Quartz counts it a misfire and skips it: half the shortest gap between
/// the schedule's firings, at least one second and at most <see cref="Longest"/> (the job store's own threshold).
/// </summary>
/// <remarks>
/// The store's threshold alone (a minute) let every firing that came due while the node was starved or the previous run
/// was still going run late, one after another: a two-second schedule delayed by twenty seconds ran ten times back to
/// back. Half a period means consecutive runs of one schedule start at least half a period apart, and a daily job still
/// starts if it is up to a minute late.
/// </remarks>
public static class LateStartLimit
{
    public static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);

    // Enough firings to meet the short gap of an uneven schedule such as "0 0,5 * * * ?" within its first hour.
    private const int FiringsCompared = 16;

    public static TimeSpan For(string cron, TimeZoneInfo zone, DateTimeOffset from)
    {
        var expression = new CronExpression(cron, zone);
        var shortestGap = TimeSpan.MaxValue;
        var previous = expression.GetNextValidTimeAfter(from);
        for (var i = 0; i < FiringsCompared && previous is { } last; i++)
        {
            var next = expression.GetNextValidTimeAfter(last);
            if (next is null)
            {
                break;
            }

            shortestGap = next.Value - last < shortestGap ? next.Value - last : shortestGap;
            previous = next;
        }

        if (shortestGap == TimeSpan.MaxValue)
        {
            return Longest;
        }

        var half = TimeSpan.FromMilliseconds(Math.Floor(shortestGap.TotalMilliseconds / 2));
        return half < Shortest ? Shortest : half > Longest ? Longest : half;
    }
}
