using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using BakeryOps.Infrastructure.Jde.Parsing;
using Microsoft.Extensions.Logging;

namespace BakeryOps.Infrastructure.Jde.Client;

public sealed partial class JdeAisClient
{
    /// <summary>
    /// Every ledger row of a branch written on or after <paramref name="since"/>, however many: the range is asked for
    /// in date windows, a window that AIS cuts off at its maximum records is halved and asked again, and rows are
    /// yielded window by window so memory holds one answer, not the pull (docs/decisions/0009). Windows are disjoint
    /// and the last one is open-ended, so no row is returned twice or missed; within a window rows come in UKID order.
    /// </summary>
    /// <exception cref="JdeException">
    /// A failure after the read retries, or more rows written on a single day than the orchestration returns (or a cut-off
    /// answer when no upper-bound input is configured): never a silently incomplete pull.
    /// </exception>
    public async IAsyncEnumerable<JdeCardexRow> StreamCardexAsync(
        string businessUnit, DateOnly since, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var bu = JdeValues.PadBusinessUnit(businessUnit).Trim();
        var orchestration = _settings.CardexOrchestration;
        var upperBound = _settings.CardexUpperBoundInput;
        if (string.IsNullOrWhiteSpace(upperBound))
        {
            var page = await GetCardexAsync(bu, since, cancellationToken);
            if (page.MoreRecords)
            {
                throw new JdeException(
                    $"{orchestration} stopped at its maximum records ({page.Rows.Count}) for branch {bu} since {since:yyyy-MM-dd} and has no upper-bound " +
                    "date input to split the pull: set Jde:CardexUpperBoundInput to the orchestration's input, or raise its maximum records.");
            }

            foreach (var row in page.Rows)
            {
                yield return row;
            }

            yield break;
        }

        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        var widest = Math.Max(1, _settings.CardexWindowDays);
        var days = widest;
        var cutOffAt = int.MaxValue;
        var from = since;
        while (true)
        {
            // The window reaching today has no upper bound, so rows written while the pull runs (or dated ahead by a
            // server in another time zone) are still read.
            var to = from.AddDays(days - 1);
            // A day of margin: a JDE server behind UTC may still be writing yesterday's date, and a window bounded
            // there would miss those rows for good.
            var last = to >= today.AddDays(-1);
            var (rows, more, answered) = await GetCardexWindowAsync(bu, from, last ? null : to, upperBound, cancellationToken);
            if (more)
            {
                cutOffAt = Math.Min(cutOffAt, answered);
                var span = last ? today.DayNumber - from.DayNumber : days;
                if (span <= 1)
                {
                    throw new JdeException(
                        $"{orchestration} has more than {answered} ledger rows for branch {bu} written on {from:yyyy-MM-dd} (its maximum records), " +
                        "so the pull cannot be split further: raise the orchestration's maximum records.");
                }

                days = span / 2;
                LogWindowSplit(orchestration, bu, from, days);
                continue;
            }

            if (!last && rows.FirstOrDefault(r => r.UpdatedDate < from || r.UpdatedDate > to) is { } outside)
            {
                // AIS ignores inputs an orchestration does not declare: the window was not applied, and reading on
                // would return the same rows again for every later window.
                throw new JdeException(
                    $"{orchestration} returned a row written on {outside.UpdatedDate:yyyy-MM-dd} for the window {from:yyyy-MM-dd} to {to:yyyy-MM-dd}: " +
                    $"it does not apply the upper-bound input '{upperBound}'. Add it to the orchestration or clear Jde:CardexUpperBoundInput.");
            }

            foreach (var row in rows)
            {
                yield return row;
            }

            if (last)
            {
                yield break;
            }

            from = to.AddDays(1);
            // Widen again while answers stay well below the cut-off, so a quiet stretch after a busy one is not read
            // a day at a time.
            if (rows.Count * 2 < cutOffAt)
            {
                days = Math.Min(widest, days * 2);
            }
        }
    }

    private async Task<(List<JdeCardexRow> Rows, bool MoreRecords, int Answered)> GetCardexWindowAsync(
        string bu, DateOnly from, DateOnly? to, string upperBound, CancellationToken cancellationToken)
    {
        var orchestration = _settings.CardexOrchestration;
        var (root, format) = await SendAsync(CallKind.Read, orchestration, f =>
        {
            var inputs = new JsonObject { ["bu"] = bu, ["rDate"] = f.Format(from) };
            if (to is { } end)
            {
                inputs[upperBound] = f.Format(end);
            }

            return inputs;
        }, cancellationToken);
        using (root)
        {
            return Parse(orchestration, () =>
            {
                var (rowset, more) = JdeRowReader.FindRowset(root.RootElement);
                var answered = rowset.GetArrayLength();
                var rows = new List<JdeCardexRow>(more ? 0 : answered);
                if (!more)
                {
                    // A cut-off answer is asked again in halves; parsing its rows would be wasted work.
                    rows.AddRange(rowset.EnumerateArray().Select(row => JdeRowReader.ReadCardex(row, format)));
                }

                return (rows, more, answered);
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "JDE {Orchestration} cut off the window from {From} for branch {BusinessUnit}; asking again for {Days} day(s)")]
    private partial void LogWindowSplit(string orchestration, string businessUnit, DateOnly from, int days);
}
