using System.Globalization;
using System.Text;
using BakeryOps.Domain.Analytics;
using BakeryOps.Infrastructure.Persistence;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// Writes a plan as SQL for one provider. Field expressions come from the dataset's whitelist, aggregates and date
/// units from fixed words; every value a caller gave is a parameter. On SQLite instants are UTC ticks, so local dates
/// come from the zone's offsets over the data (<see cref="PivotDates.Offsets"/>); PostgreSQL converts with AT TIME ZONE.
/// </summary>
internal sealed class PivotSql(bool postgres, TimeZoneInfo zone, IReadOnlyDictionary<string, IReadOnlyList<(DateTimeOffset Since, TimeSpan Offset)>> offsets)
{
    private const long TicksPerDay = TimeSpan.TicksPerDay;

    // The Julian day of 0001-01-01, where DateOnly's day numbers start.
    private const string JulianDayZero = "1721425.5";

    private readonly List<(string Name, object Value)> _parameters = [];
    private readonly HashSet<string> _joins = new(StringComparer.Ordinal);
    private string? _zoneParameter;

    public IReadOnlyList<(string Name, object Value)> Parameters => _parameters;

    public bool Postgres => postgres;

    /// <summary>A field's plain expression, noting the join it needs.</summary>
    public string Expr(PivotField field)
    {
        if (field.Join is not null)
        {
            _joins.Add(field.Join);
        }

        return field.Sql(postgres);
    }

    /// <summary>The FROM clause with the joins the written expressions need.</summary>
    public string From(PivotDataset dataset) =>
        dataset.From + string.Concat(dataset.Joins.Where(j => _joins.Contains(j.Alias)).Select(j => "\n  " + j.Clause));

    /// <summary>A date field's bucket: a timestamp on PostgreSQL, a number (<see cref="PivotDates.Key"/>) on SQLite.</summary>
    public string Bucket(PivotField field, string bucket)
    {
        var expr = Expr(field);
        var unit = bucket switch
        {
            DateGroupings.Day => "day",
            DateGroupings.Week => "week",
            DateGroupings.Month => "month",
            DateGroupings.Quarter => "quarter",
            DateGroupings.Year => "year",
            _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, null),
        };
        if (postgres)
        {
            return field.Type == PivotFieldType.Instant
                ? $"date_trunc('{unit}', {expr} AT TIME ZONE {ZoneParameter()})"
                : $"date_trunc('{unit}', CAST({expr} AS timestamp))";
        }

        var day = field.Type == PivotFieldType.Instant
            ? $"({LocalTicks(field, expr)} / {TicksPerDay})"
            : $"CAST(julianday({expr}) - {JulianDayZero} AS INTEGER)";
        var julian = $"{day} + {JulianDayZero}";
        return bucket switch
        {
            DateGroupings.Day => day,
            DateGroupings.Week => $"({day} - ({day} % 7))",
            DateGroupings.Month => $"CAST(strftime('%Y%m', {julian}) AS INTEGER)",
            DateGroupings.Quarter => $"(CAST(strftime('%Y', {julian}) AS INTEGER) * 10 + (CAST(strftime('%m', {julian}) AS INTEGER) + 2) / 3)",
            _ => $"CAST(strftime('%Y', {julian}) AS INTEGER)",
        };
    }

    /// <summary>The bucket value a key stands for, as a parameter comparable with <see cref="Bucket"/>.</summary>
    public string BucketKey(string bucket, long key) =>
        Parameter(postgres ? PivotDates.Start(bucket, key).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified) : key);

    /// <summary>The bucket key of a value read back from <see cref="Bucket"/>.</summary>
    public long ReadBucket(object value, string bucket) => value switch
    {
        DateTime timestamp => PivotDates.Key(bucket, DateOnly.FromDateTime(timestamp)),
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    private string LocalTicks(PivotField field, string expr)
    {
        var changes = offsets.TryGetValue(field.Name, out var known) ? known : [(DateTimeOffset.MinValue, zone.BaseUtcOffset)];
        if (changes.Count == 1)
        {
            return $"({expr} + {changes[0].Offset.Ticks})";
        }

        // Newest first: most rows are recent, and SQLite stops at the first branch that holds.
        var sql = new StringBuilder("(CASE");
        for (var i = changes.Count - 1; i >= 1; i--)
        {
            sql.Append(CultureInfo.InvariantCulture, $" WHEN {expr} >= {changes[i].Since.UtcTicks} THEN {expr} + {changes[i].Offset.Ticks}");
        }

        return sql.Append(CultureInfo.InvariantCulture, $" ELSE {expr} + {changes[0].Offset.Ticks} END)").ToString();
    }

    private string ZoneParameter() => _zoneParameter ??= Parameter(zone.Id);

    /// <summary>The WHERE clause of the conditions (empty when there are none).</summary>
    public string Where(IEnumerable<PivotCondition> conditions)
    {
        var parts = conditions.Select(Condition).ToList();
        return parts.Count == 0 ? "" : "\nWHERE " + string.Join("\n  AND ", parts);
    }

    private string Condition(PivotCondition condition)
    {
        var field = condition.Field;
        switch (condition)
        {
            case CompareCondition compare:
                var compared = $"{Expr(field)} {compare.Operator} {Value(field, compare.Value)}";
                return compare.Operator == "<>" ? $"({Expr(field)} IS NULL OR {compared})" : compared;
            case NullCondition isNull:
                return $"{Expr(field)} IS {(isNull.Negate ? "NOT " : "")}NULL";
            case InCondition list:
                var values = list.Values.Where(v => v is not null).Select(v => Value(field, v!)).ToList();
                var hasNull = list.Values.Any(v => v is null);
                var member = values.Count == 0 ? "1 = 0" : $"{Expr(field)} IN ({string.Join(", ", values)})";
                return list.Negate
                    ? hasNull ? $"({Expr(field)} IS NOT NULL AND NOT ({member}))" : $"({Expr(field)} IS NULL OR NOT ({member}))"
                    : hasNull ? $"({Expr(field)} IS NULL OR {member})" : member;
            case OutsideCondition outside:
                return $"({Expr(field)} IS NULL OR {Expr(field)} < {Value(field, outside.From)} OR {Expr(field)} >= {Value(field, outside.To)})";
            case ContainsCondition contains:
                var fragment = Parameter(contains.Fragment.ToLowerInvariant());
                return postgres ? $"strpos(lower({Expr(field)}), {fragment}) > 0" : $"instr(lower({Expr(field)}), {fragment}) > 0";
            case BucketCondition bucket:
                var bucketExpr = Bucket(field, bucket.Bucket);
                var keys = string.Join(", ", bucket.Keys.Select(k => BucketKey(bucket.Bucket, k)));
                return bucket.Negate
                    ? $"({Expr(field)} IS NULL OR {bucketExpr} NOT IN ({keys}))"
                    : $"{bucketExpr} IN ({keys})";
            default:
                throw new ArgumentOutOfRangeException(nameof(condition), condition, null);
        }
    }

    /// <summary>A typed value as a parameter, in the provider's storage form for the field.</summary>
    public string Value(PivotField field, object value) => Parameter((postgres, value) switch
    {
        (true, DateTimeOffset instant) => instant.ToUniversalTime(),
        (false, DateTimeOffset instant) => instant.UtcTicks,
        (false, decimal number) => (long)decimal.Round(number * ScaledDecimalConverter.Scale, 0, MidpointRounding.AwayFromZero),
        (false, bool flag) => flag ? 1L : 0L,
        (false, DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        (true, long integer) when field.Type == PivotFieldType.Integer => integer,
        _ => value,
    });

    public string Parameter(object value)
    {
        var name = "@p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add((name, value));
        return name;
    }

    /// <summary>A stored value read back in the type callers see (enum codes, unscaled decimals, instants, dates).</summary>
    public object? Read(object? value, PivotFieldType type, PivotField? field = null)
    {
        if (value is null or DBNull)
        {
            return null;
        }

        return type switch
        {
            PivotFieldType.Number => postgres ? Convert.ToDecimal(value, CultureInfo.InvariantCulture) : Convert.ToInt64(value, CultureInfo.InvariantCulture) / ScaledDecimalConverter.Scale,
            PivotFieldType.Integer => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            PivotFieldType.Boolean => value is bool flag ? flag : Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
            PivotFieldType.Instant => value switch
            {
                DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
                DateTimeOffset instant => instant.ToUniversalTime(),
                _ => new DateTimeOffset(Convert.ToInt64(value, CultureInfo.InvariantCulture), TimeSpan.Zero),
            },
            PivotFieldType.Date => value switch
            {
                DateOnly day => day,
                DateTime date => DateOnly.FromDateTime(date),
                _ => DateOnly.ParseExact(Convert.ToString(value, CultureInfo.InvariantCulture)![..10], "yyyy-MM-dd", CultureInfo.InvariantCulture),
            },
            _ => field is null ? Convert.ToString(value, CultureInfo.InvariantCulture) : field.Shown(Convert.ToString(value, CultureInfo.InvariantCulture)),
        };
    }
}
