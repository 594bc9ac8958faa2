using BakeryOps.Domain.Analytics;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// The running values of one group's measures, so groups can be added up into subtotals, totals and "Other": sums
/// add, counts add, minima and maxima compare, an average keeps its sum and count. Count distinct is never added up:
/// the database computes it for every subtotal itself.
/// </summary>
internal sealed class PivotCell(int measures)
{
    private readonly decimal?[] _sums = new decimal?[measures];
    private readonly long[] _counts = new long[measures];
    private readonly object?[] _extremes = new object?[measures];

    public void Set(int measure, decimal? sum, long count, object? extreme)
    {
        _sums[measure] = sum;
        _counts[measure] = count;
        _extremes[measure] = extreme;
    }

    public void Add(PivotCell other, IReadOnlyList<PivotMeasurePlan> measures)
    {
        for (var i = 0; i < measures.Count; i++)
        {
            switch (measures[i].Aggregate)
            {
                case Aggregates.Min or Aggregates.Max:
                    var (mine, theirs) = (_extremes[i], other._extremes[i]);
                    if (mine is null || (theirs is not null && PivotKey.ComparePart(theirs, mine) is var c && (measures[i].Aggregate == Aggregates.Min ? c < 0 : c > 0)))
                    {
                        _extremes[i] = theirs;
                    }

                    break;
                default:
                    _sums[i] = other._sums[i] is { } sum ? (_sums[i] ?? 0m) + sum : _sums[i];
                    _counts[i] += other._counts[i];
                    break;
            }
        }
    }

    /// <summary>The measures' values as callers see them: decimals without trailing zeros, counts and integer sums as longs.</summary>
    public object?[] Values(IReadOnlyList<PivotMeasurePlan> measures)
    {
        var values = new object?[measures.Count];
        for (var i = 0; i < measures.Count; i++)
        {
            var measure = measures[i];
            values[i] = measure.Aggregate switch
            {
                Aggregates.Count or Aggregates.CountDistinct => _counts[i],
                Aggregates.Sum when measure.Type == PivotFieldType.Integer => _sums[i] is { } sum ? (long)sum : null,
                Aggregates.Sum => Normalise(_sums[i]),
                Aggregates.Avg => _counts[i] == 0 || _sums[i] is null ? null : Normalise(Math.Round(_sums[i]!.Value / _counts[i], 12, MidpointRounding.ToEven)),
                _ => _extremes[i] is decimal number ? Normalise(number) : _extremes[i],
            };
        }

        return values;
    }

    /// <summary>The value used to sort and rank groups by a measure: numbers as decimals, other kinds not ranked.</summary>
    public decimal? Rank(int measure, IReadOnlyList<PivotMeasurePlan> measures) => Values(measures)[measure] switch
    {
        decimal number => number,
        long integer => integer,
        _ => null,
    };

    private static decimal? Normalise(decimal? value) => value is { } v ? v / 1.0000000000000000000000000000m : null;
}
