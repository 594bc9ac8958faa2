using System.Data.Common;
using System.Diagnostics;
using BakeryOps.Domain.Analytics;
using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// Runs pivots: checks a spec against its dataset's whitelist, translates it to one grouped, parameterised SQL query
/// on the configured provider, and folds the groups into headers, cells, subtotals and totals.
/// </summary>
public sealed partial class PivotService(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    IOptions<AnalyticsOptions> options,
    IOptions<SiteOptions> site,
    TimeProvider clock,
    ILogger<PivotService> logger)
{
    /// <summary>Every dataset with its fields, types and allowed aggregates.</summary>
    public IReadOnlyList<PivotDatasetInfo> Datasets { get; } = [.. PivotDatasets.All.Select(d => d.Info)];

    /// <summary>The pivot of <paramref name="spec"/>; a <see cref="RequestValidationException"/> names the part at fault.</summary>
    public async Task<PivotResult> RunAsync(PivotSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var started = Stopwatch.GetTimestamp();
        var plan = PivotPlanner.Plan(spec, site.Value.TimeZoneInfo, clock.GetUtcNow());
        var limits = options.Value;
        var groupLimit = Math.Max(1, limits.MaxCells / plan.Measures.Count);
        var folder = new PivotFolder(plan);

        await RunQueryAsync(async (db, timeout) =>
        {
            var sql = await DialectAsync(db, plan, plan.Rows.Concat(plan.Columns), timeout);
            var text = PivotQueryText.Write(sql, plan, groupLimit + 1);
            var masks = PivotQueryText.Sets(plan).ToDictionary(
                s => PivotQueryText.Mask(s, plan.Rows.Count + plan.Columns.Count),
                s => (Rows: s.Count(i => i < plan.Rows.Count), Columns: s.Count(i => i >= plan.Rows.Count)));
            var groups = 0;
            await using var reader = await ExecuteAsync(db, sql, text, timeout);
            while (await reader.ReadAsync(timeout))
            {
                if (++groups > groupLimit)
                {
                    throw TooLarge($"more than {groupLimit:N0} groups");
                }

                var (row, column) = Keys(sql, plan, reader);
                var (rowLevel, columnLevel) = masks[Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)];
                folder.Put(row.Prefix(rowLevel), column.Prefix(columnLevel), Cell(sql, plan, reader, 1 + plan.Rows.Count + plan.Columns.Count));
            }
        }, cancellationToken);

        if (plan.Decomposable)
        {
            folder.RollUp();
        }

        var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var result = folder.Result((i, v) => Label(plan.Rows[i], v), (i, v) => Label(plan.Columns[i], v), plan.Zone, elapsed);
        var cells = (long)result.RowHeaders.Count * result.ColumnHeaders.Count * plan.Measures.Count;
        if (cells > limits.MaxCells)
        {
            throw TooLarge($"{cells:N0} cells ({result.RowHeaders.Count:N0} rows × {result.ColumnHeaders.Count:N0} columns × {plan.Measures.Count} measures)");
        }

        LogPivot(plan.Dataset.Name, result.RowHeaders.Count, result.ColumnHeaders.Count, elapsed);
        return result;
    }

    /// <summary>One page of the dataset's rows behind a cell: the spec's filters and the cell's keys, newest first.</summary>
    public async Task<PivotDrillThrough> DrillThroughAsync(
        PivotSpec spec, IReadOnlyList<PivotCellKey> keys, int offset, int size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(keys);
        if (offset < 0)
        {
            throw RequestValidationException.For("offset", "offset must be zero or more.");
        }

        if (size < 1 || size > options.Value.MaxDrillThroughRows)
        {
            throw RequestValidationException.For("size", $"size must be between 1 and {options.Value.MaxDrillThroughRows} (Analytics:MaxDrillThroughRows).");
        }

        var plan = PivotPlanner.Plan(spec, site.Value.TimeZoneInfo, clock.GetUtcNow());
        plan = plan with { Conditions = [.. plan.Conditions, .. PivotDrillKeys.Conditions(plan, keys)] };
        var fields = plan.Dataset.Fields;
        long total = 0;
        var rows = new List<IReadOnlyList<object?>>();

        await RunQueryAsync(async (db, timeout) =>
        {
            var bucketed = plan.Conditions.OfType<BucketCondition>().Select(c => new PivotAxisField(c.Field, c.Bucket));
            var sql = await DialectAsync(db, plan, bucketed, timeout);
            var where = sql.Where(plan.Conditions);
            var select = string.Join(", ", fields.Select(sql.Expr));
            var mainDate = plan.Dataset.Find(plan.Dataset.MainDate) ?? fields[0];
            var order = $"{sql.Expr(mainDate)} DESC, {sql.Expr(fields[0])}";
            var from = sql.From(plan.Dataset);
            var text = $"SELECT COUNT(*) FROM {from}{where};\n" +
                $"SELECT {select}\nFROM {from}{where}\nORDER BY {order}\nLIMIT {sql.Parameter((long)size)} OFFSET {sql.Parameter((long)offset)}";
            await using var reader = await ExecuteAsync(db, sql, text, timeout);
            if (await reader.ReadAsync(timeout))
            {
                total = Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
            }

            await reader.NextResultAsync(timeout);
            while (await reader.ReadAsync(timeout))
            {
                rows.Add([.. fields.Select((f, i) => sql.Read(reader.GetValue(i), f.Type, f))]);
            }
        }, cancellationToken);

        return new PivotDrillThrough([.. fields.Select(f => f.Name)], rows, total, offset, size);
    }

    private static object? Label(PivotAxisField axis, object? value) => value switch
    {
        null => null,
        long key when axis.Bucket is { } bucket => PivotDates.Label(bucket, key),
        _ => axis.Field.Shown(value),
    };

    private static (PivotKey Row, PivotKey Column) Keys(PivotSql sql, PivotPlan plan, DbDataReader reader)
    {
        object? Dim(PivotAxisField axis, int ordinal)
        {
            var value = reader.GetValue(ordinal);
            return value is DBNull ? null : axis.Bucket is { } bucket ? sql.ReadBucket(value, bucket) : sql.Read(value, axis.Field.Type);
        }

        var row = new object?[plan.Rows.Count];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = Dim(plan.Rows[i], 1 + i);
        }

        var column = new object?[plan.Columns.Count];
        for (var i = 0; i < column.Length; i++)
        {
            column[i] = Dim(plan.Columns[i], 1 + plan.Rows.Count + i);
        }

        return (new PivotKey(row), new PivotKey(column));
    }

    private static PivotCell Cell(PivotSql sql, PivotPlan plan, DbDataReader reader, int ordinal)
    {
        var cell = new PivotCell(plan.Measures.Count);
        for (var i = 0; i < plan.Measures.Count; i++)
        {
            var measure = plan.Measures[i];
            var fieldType = measure.Field?.Type ?? PivotFieldType.Integer;
            switch (measure.Aggregate)
            {
                case Aggregates.Sum:
                    cell.Set(i, Number(sql.Read(reader.GetValue(ordinal++), fieldType)), 0, null);
                    break;
                case Aggregates.Avg:
                    var sum = Number(sql.Read(reader.GetValue(ordinal++), fieldType));
                    cell.Set(i, sum, Convert.ToInt64(reader.GetValue(ordinal++), System.Globalization.CultureInfo.InvariantCulture), null);
                    break;
                case Aggregates.Count or Aggregates.CountDistinct:
                    cell.Set(i, null, Convert.ToInt64(reader.GetValue(ordinal++), System.Globalization.CultureInfo.InvariantCulture), null);
                    break;
                default:
                    cell.Set(i, null, 0, sql.Read(reader.GetValue(ordinal++), fieldType, measure.Field));
                    break;
            }
        }

        return cell;
    }

    private static decimal? Number(object? value) => value switch
    {
        null => null,
        long integer => integer,
        _ => (decimal)value,
    };

    /// <summary>
    /// The dialect for the plan. SQLite has no zone database: for each instant grouped by date it first reads the
    /// filtered rows' first and last instant, and the zone's offsets over that span become part of the expression.
    /// </summary>
    private async Task<PivotSql> DialectAsync(BakeryOpsDbContext db, PivotPlan plan, IEnumerable<PivotAxisField> axes, CancellationToken timeout)
    {
        var postgres = db.Provider == DatabaseProvider.Postgres;
        var offsets = new Dictionary<string, IReadOnlyList<(DateTimeOffset, TimeSpan)>>(StringComparer.Ordinal);
        var needed = axes.Where(a => a.Bucket is not null && a.Field.Type == PivotFieldType.Instant).Select(a => a.Field).DistinctBy(f => f.Name);
        if (!postgres && plan.Zone.GetAdjustmentRules().Length > 0)
        {
            foreach (var field in needed)
            {
                var span = new PivotSql(postgres, plan.Zone, offsets);
                var conditions = plan.Conditions.Where(c => c is not BucketCondition);
                var text = $"SELECT MIN({span.Expr(field)}), MAX({span.Expr(field)}) FROM {{0}}{span.Where(conditions)}";
                text = text.Replace("{0}", span.From(plan.Dataset), StringComparison.Ordinal);
                await using var reader = await ExecuteAsync(db, span, text, timeout);
                if (await reader.ReadAsync(timeout) && !reader.IsDBNull(0))
                {
                    var first = new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero);
                    var last = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
                    offsets[field.Name] = PivotDates.Offsets(plan.Zone, first, last);
                }
            }
        }

        return new PivotSql(postgres, plan.Zone, offsets);
    }

    private static async Task<DbDataReader> ExecuteAsync(BakeryOpsDbContext db, PivotSql sql, string text, CancellationToken timeout)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = text;
        command.CommandTimeout = db.Database.GetCommandTimeout() ?? 30;
        foreach (var (name, value) in sql.Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return await command.ExecuteReaderAsync(timeout);
    }

    /// <summary>
    /// Runs queries on one connection under <see cref="AnalyticsOptions.QueryTimeout"/>. PostgreSQL cancels on the
    /// token; SQLite is interrupted (its reads are synchronous and ignore tokens). A query cut off by the timeout is a
    /// 400 saying how to make the pivot smaller.
    /// </summary>
    private async Task RunQueryAsync(Func<BakeryOpsDbContext, CancellationToken, Task> query, CancellationToken cancellationToken)
    {
        var limit = options.Value.QueryTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Database.SetCommandTimeout(limit + TimeSpan.FromSeconds(1));
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        timeout.CancelAfter(limit);
        await using var interrupt = connection is SqliteConnection sqlite
            ? timeout.Token.Register(() => SQLitePCL.raw.sqlite3_interrupt(sqlite.Handle))
            : default;
        try
        {
            await query(db, timeout.Token);
        }
        catch (Exception exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && exception is OperationCanceledException or DbException)
        {
            LogTimedOut(exception, limit);
            throw RequestValidationException.For("filters",
                $"The pivot took longer than {limit.TotalSeconds:0.###} s (Analytics:QueryTimeout): narrow the filters, group by fewer fields or by a coarser date grouping.");
        }
    }

    private RequestValidationException TooLarge(string size) => RequestValidationException.For("rows",
        $"The pivot has {size}, more than Analytics:MaxCells allows ({options.Value.MaxCells:N0} cells): filter it, group by fewer fields, use topN or a coarser date grouping.");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pivot of {Dataset}: {Rows} rows × {Columns} columns in {ElapsedMs} ms")]
    private partial void LogPivot(string dataset, int rows, int columns, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A pivot query was cancelled after {Timeout} (Analytics:QueryTimeout)")]
    private partial void LogTimedOut(Exception exception, TimeSpan timeout);
}
