using System.Text;
using BakeryOps.Domain.Analytics;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// The grouped query of a plan: an inner select of the dimensions (d0…) and measure inputs (v0…) under the filters,
/// grouped outside. When every measure adds up only the leaf groups are computed (subtotals follow in C#); otherwise
/// every subtotal level is a grouping set: GROUPING SETS on PostgreSQL, UNION ALL on SQLite (it has none).
/// </summary>
internal static class PivotQueryText
{
    public static string Write(PivotSql sql, PivotPlan plan, int limit)
    {
        var axes = plan.Rows.Concat(plan.Columns).ToList();
        var inner = new List<string>();
        for (var i = 0; i < axes.Count; i++)
        {
            inner.Add($"{(axes[i].Bucket is { } bucket ? sql.Bucket(axes[i].Field, bucket) : sql.Expr(axes[i].Field))} AS d{i}");
        }

        for (var i = 0; i < plan.Measures.Count; i++)
        {
            inner.Add($"{(plan.Measures[i].Field is { } field ? sql.Expr(field) : "1")} AS v{i}");
        }

        var where = sql.Where(plan.Conditions);
        var source = $"SELECT {string.Join(", ", inner)}\n  FROM {sql.From(plan.Dataset)}{where}";
        var aggregates = string.Join(", ", plan.Measures.SelectMany((m, i) => Aggregate(m.Aggregate, $"v{i}")));
        var dims = Enumerable.Range(0, axes.Count).Select(i => $"d{i}").ToList();
        var limitParameter = sql.Parameter((long)limit);

        if (dims.Count == 0)
        {
            return $"SELECT 0 AS g, {aggregates}\nFROM ({source}) q";
        }

        if (plan.Decomposable)
        {
            return Limited(sql, $"SELECT 0 AS g, {string.Join(", ", dims)}, {aggregates}\nFROM ({source}) q\nGROUP BY {string.Join(", ", dims)}", limitParameter);
        }

        var sets = Sets(plan).ToList();
        if (sql.Postgres)
        {
            var groupingSets = string.Join(", ", sets.Select(s => $"({string.Join(", ", s.Select(i => $"d{i}"))})"));
            return Limited(sql, $"SELECT GROUPING({string.Join(", ", dims)}) AS g, {string.Join(", ", dims)}, {aggregates}\nFROM ({source}) q\n" +
                $"GROUP BY GROUPING SETS ({groupingSets})", limitParameter);
        }

        var text = new StringBuilder($"WITH q AS ({source})\n");
        for (var s = 0; s < sets.Count; s++)
        {
            var grouped = sets[s];
            var columns = string.Join(", ", dims.Select((d, i) => grouped.Contains(i) ? d : "NULL"));
            text.Append(s == 0 ? "" : "UNION ALL\n")
                .Append($"SELECT {Mask(grouped, dims.Count)} AS g, {columns}, {aggregates} FROM q")
                .Append(grouped.Count == 0 ? "\n" : $" GROUP BY {string.Join(", ", grouped.Select(i => $"d{i}"))}\n");
        }

        return text.Append($"LIMIT {limitParameter}").ToString();
    }

    /// <summary>
    /// The cap on groups read. On PostgreSQL a LIMIT straight on the GROUP BY makes the planner favour a plan that
    /// yields its first groups early (an index-ordered GroupAggregate, twice the time of a hash aggregate over all rows,
    /// as the benchmark found); a materialized CTE is planned for all its rows, and the LIMIT then only stops the read.
    /// </summary>
    private static string Limited(PivotSql sql, string grouped, string limitParameter) => sql.Postgres
        ? $"WITH grouped AS MATERIALIZED (\n{grouped})\nSELECT * FROM grouped\nLIMIT {limitParameter}"
        : $"{grouped}\nLIMIT {limitParameter}";

    /// <summary>Every (row level, column level) pair as the dimensions it groups by.</summary>
    public static IEnumerable<IReadOnlyList<int>> Sets(PivotPlan plan)
    {
        foreach (var r in PivotFolder.Levels(plan.Rows.Count))
        {
            foreach (var c in PivotFolder.Levels(plan.Columns.Count))
            {
                yield return [.. Enumerable.Range(0, r), .. Enumerable.Range(plan.Rows.Count, c)];
            }
        }
    }

    /// <summary>PostgreSQL's GROUPING() of a set: a bit per dimension not grouped, the first dimension highest.</summary>
    public static long Mask(IReadOnlyList<int> grouped, int dims)
    {
        var mask = 0L;
        for (var i = 0; i < dims; i++)
        {
            if (!grouped.Contains(i))
            {
                mask |= 1L << (dims - 1 - i);
            }
        }

        return mask;
    }

    /// <summary>The columns an aggregate reads back: an average is its sum and its count.</summary>
    private static IEnumerable<string> Aggregate(string aggregate, string input) => aggregate switch
    {
        Aggregates.Sum => [$"SUM({input})"],
        Aggregates.Count => [$"COUNT({input})"],
        Aggregates.CountDistinct => [$"COUNT(DISTINCT {input})"],
        Aggregates.Avg => [$"SUM({input})", $"COUNT({input})"],
        Aggregates.Min => [$"MIN({input})"],
        _ => [$"MAX({input})"],
    };
}
