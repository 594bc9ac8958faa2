namespace BakeryOps.Infrastructure.Jde.Simulator;

public sealed partial class JdeSimulatorState
{
    private const int FirstSecondOfDay = 6 * 3600;
    private const int LastSecondOfDay = 20 * 3600;
    private const int SequenceBits = 26;
    private const int SecondBits = 17;

    private enum EventKind : byte
    {
        Receipt,
        Issue,
        Scrap,
    }

    /// <summary>
    /// Builds the ledger: per opening balance a few receipts and issues over the history window whose quantities sum
    /// exactly to the balance (receipts come first, so on-hand never dips below zero), then receipt/issue pairs of
    /// equal quantity until <paramref name="rows"/> is reached. Events are ordered by time, then UKIDs, document and
    /// batch numbers are assigned in that order, so UKID order is time order as in a real ledger.
    /// </summary>
    private void Generate(int rows)
    {
        const int SequenceLimit = 1 << SequenceBits;
        if (rows >= SequenceLimit - 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"At most {SequenceLimit - 10_000} generated rows.");
        }

        var rng = new Random(_options.Seed);
        var historyDays = Math.Max(1, _options.HistoryDays);
        var firstDay = StartDate.AddDays(-historyDays).DayNumber;
        var events = new List<PendingEvent>(Math.Max(rows, 512));
        var balanceKeys = new List<(int Key, long Step)>();
        foreach (var balance in _data.OpeningBalances)
        {
            var item = _data.ItemsByNumber[balance.ShortItemNumber];
            var key = KeyFor(item, balance.Mcu, item.LotControlled ? balance.Lot ?? string.Empty : string.Empty);
            var totalTicks = (long)(balance.Quantity * TicksPerUnit);
            // Round-looking quantities: half units for weights and volumes, whole ones for counts.
            var step = item.JdeUnit is "KG" or "LT" ? 5_000L : 10_000L;
            if (totalTicks % step != 0)
            {
                step = 1;
            }

            balanceKeys.Add((key, step));
            AddHistory(events, rng, key, totalTicks / step, step, firstDay, historyDays);
        }

        var pairs = Math.Max(0, rows - events.Count);
        var split = pairs % 2 == 1;
        for (var n = 0; n < pairs / 2 && balanceKeys.Count > 0; n++)
        {
            var (key, step) = balanceKeys[rng.Next(balanceKeys.Count)];
            var quantity = rng.Next(split && n == 0 ? 2 : 1, 41) * step;
            var day = firstDay + rng.Next(historyDays);
            var receiptSecond = rng.Next(FirstSecondOfDay, LastSecondOfDay);
            var issueSecond = rng.Next(receiptSecond, LastSecondOfDay);
            events.Add(new PendingEvent(SortKey(day, receiptSecond, events.Count), key, quantity, EventKind.Receipt));
            if (split && n == 0 && quantity > step)
            {
                // An odd row count: one receipt is used up by two issues.
                events.Add(new PendingEvent(SortKey(day, issueSecond, events.Count), key, -step, EventKind.Issue));
                events.Add(new PendingEvent(SortKey(day, issueSecond, events.Count), key, -(quantity - step), EventKind.Issue));
            }
            else
            {
                events.Add(new PendingEvent(SortKey(day, issueSecond, events.Count), key, -quantity, EventKind.Issue));
            }
        }

        var sorted = events.ToArray();
        // Release the list before the rows are appended, so a million-row build holds one copy of the events.
        events.Clear();
        events.Capacity = 0;
        var keys = Array.ConvertAll(sorted, e => e.SortKey);
        Array.Sort(keys, sorted);
        foreach (var e in sorted)
        {
            var second = (int)((e.SortKey >> SequenceBits) & ((1L << SecondBits) - 1));
            var day = DateOnly.FromDayNumber((int)(e.SortKey >> (SequenceBits + SecondBits)));
            var tday = ((second / 3600) * 10_000) + ((second / 60 % 60) * 100) + (second % 60);
            var (dct, explanation) = e.Kind switch
            {
                EventKind.Receipt => ("OV", "PO receipt"),
                EventKind.Scrap => ("IS", "Scrap - damaged"),
                _ => ("II", "Production issue"),
            };
            var itm = _keys[e.Key].Item.ShortItemNumber;
            Append(new LedgerEntry(_nextUkid, e.Ticks, _unitCostTicks[itm], e.Key, _nextDocument, _nextBatch, day, day, day, tday,
                dct, explanation, Posted: false));
        }
    }

    // Day, second and generation order packed into one long: sorting by it is a stable sort by time.
    private static long SortKey(int dayNumber, int second, int sequence) =>
        ((long)dayNumber << (SequenceBits + SecondBits)) | ((long)second << SequenceBits) | (uint)sequence;

    private static void AddHistory(List<PendingEvent> events, Random rng, int key, long totalSteps, long step, int firstDay, int historyDays)
    {
        var receiptCount = rng.Next(1, 4);
        var receipts = new long[receiptCount];
        long received = 0;
        for (var i = 0; i < receiptCount; i++)
        {
            receipts[i] = Math.Max(1, totalSteps * rng.Next(50, 151) / 100);
            received += receipts[i];
        }

        if (received < totalSteps)
        {
            receipts[^1] += totalSteps - received;
            received = totalSteps;
        }

        // Each receipt is followed by issues; the last group takes what is left, which the stock always covers
        // because receipts minus issues so far is the balance plus the issues still to come.
        var plan = new List<(EventKind Kind, long Steps)>();
        var toIssue = received - totalSteps;
        long available = 0;
        for (var i = 0; i < receiptCount; i++)
        {
            plan.Add((EventKind.Receipt, receipts[i]));
            available += receipts[i];
            var group = i == receiptCount - 1 ? toIssue : Math.Min(available, toIssue * rng.Next(20, 61) / 100);
            if (group <= 0)
            {
                continue;
            }

            var first = group >= 2 && rng.Next(2) == 0 ? Math.Max(1, group * rng.Next(30, 71) / 100) : group;
            plan.Add((rng.Next(10) == 0 ? EventKind.Scrap : EventKind.Issue, first));
            if (group - first > 0)
            {
                plan.Add((EventKind.Issue, group - first));
            }

            available -= group;
            toIssue -= group;
        }

        // Increasing days (repeats allowed) and, within a day, increasing seconds keep the plan's order.
        var days = Enumerable.Range(0, plan.Count).Select(_ => rng.Next(historyDays)).Order().ToArray();
        var lastSecond = -1;
        for (var i = 0; i < plan.Count; i++)
        {
            var second = i > 0 && days[i] == days[i - 1]
                ? Math.Min(86_399, lastSecond + rng.Next(60, 1_800))
                : rng.Next(FirstSecondOfDay, LastSecondOfDay);
            lastSecond = second;
            var (kind, steps) = plan[i];
            var ticks = (kind == EventKind.Receipt ? steps : -steps) * step;
            events.Add(new PendingEvent(SortKey(firstDay + days[i], second, events.Count), key, ticks, kind));
        }
    }

    private readonly record struct PendingEvent(long SortKey, int Key, long Ticks, EventKind Kind);
}
