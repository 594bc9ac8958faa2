// Benchmark of the pivot engine (issue 13): a pivot of BENCH_MOVEMENTS movements (product x month, sum of the inventory
// quantity) on PostgreSQL against the same GROUP BY written by hand and run through psql, in the same rounds. Run by
// scripts/benchmark-analytics.sh, one mode per process:
//   dotnet run -c Release scripts/bench/analytics.cs -- seed  <conn> <work dir> <products> <movements> <months>
//   dotnet run -c Release scripts/bench/analytics.cs -- pivot <conn> <work dir> <psql> <rounds> <portal base URL|-> <admin password|-> <zone>...
// seed   migrates the (empty) database with the portal's DatabaseMigrator, writes facility bench_analytics with its
//        products (EF) and the movements in one INSERT ... SELECT over generate_series (not through the app: a million
//        rows in seconds), sets each product's on-hand to the sum of its movements, then VACUUM (ANALYZE)
// pivot  per zone, warmed up twice, then <rounds> rounds of, in turn:
//          psql          the hand-written GROUP BY (Sql.HandWritten) run twice in one psql session, rows to /dev/null:
//                        psql's own \timing of the second run (seconds), as at the prompt, and of the first (extra),
//                        which pays for a new backend
//          psql-process  the same in a psql process that runs it once: the whole process (seconds) and its \timing
//          engine        PivotService.RunAsync in this process, through the real DI container (AddInfrastructure);
//                        this process's CPU seconds meanwhile (extra): reading the rows and folding them, in C#
//          npgsql        the same hand-written SQL in this process through Npgsql, every row read: the engine's floor;
//                        this process's CPU seconds too
//          http          POST /analytics/pivot to the running portal as admin (bearer token), to the response's last
//                        byte; skipped when the base URL is "-"
//        every engine and HTTP result is checked against the hand-written query's groups: the number of cells,
//        every cell, every row and column total and the grand total, which must also equal psql's
//        SELECT sum(inventory_quantity) exactly; pg_stat_statements, when installed, is reset after the warm-up
// pivot prints one tab-separated line per measurement: mode zone round seconds extra groups; the checks go to stderr.
#:project ../../BakeryOps.Infrastructure/BakeryOps.Infrastructure.csproj
#:property Nullable=enable
#:property PublishAot=false
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BakeryOps.Domain.Analytics;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure;
using BakeryOps.Infrastructure.Analytics;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

var mode = args[0];
switch (mode)
{
    case "seed":
    {
        using var host = BuildHost(args[1], args[2]);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(default);
        var watch = Stopwatch.StartNew();
        var shape = new Shape(Int(args[3]), Int(args[4]), Int(args[5]));
        await Seed.RunAsync(host.Services, args[1], shape);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeded {shape.Products} products and {shape.Movements} movements over {shape.Months} months in {watch.Elapsed.TotalSeconds:0.0} s"));
        break;
    }

    case "pivot":
    {
        using var host = BuildHost(args[1], args[2]);
        var portal = args[5] == "-" ? null : new Portal(new Uri(args[5].TrimEnd('/') + "/"), args[6]);
        await using var source = NpgsqlDataSource.Create(args[1]);
        await PivotBench.RunAsync(host.Services, source, new Psql(args[3], args[1]), Int(args[4]), portal, args[7..]);
        break;
    }

    default:
        throw new ArgumentException($"Unknown mode {mode}.");
}

static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

static IHost BuildHost(string connection, string work)
{
    Directory.CreateDirectory(work);
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", ContentRootPath = work });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        [DataDirectory.VariableName] = work,
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = connection,
        ["Database:CommandTimeoutSeconds"] = "600",
        ["Lake:Store"] = "Folder",
        ["Lake:FolderPath"] = Path.Combine(work, "lake"),
    });
    builder.Logging.ClearProviders();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    // Warnings to stderr: stdout carries the result lines only.
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
    builder.AddInfrastructure(DataDirectory.Resolve(builder.Configuration, work));
    return builder.Build();
}

/// <summary>
/// What the benchmark facility holds. Movement g (1-based) belongs to product ((g - 1) mod products) + 1 and is dated
/// <see cref="Start"/> plus g - 1 equal steps, so the movements cover <see cref="Months"/> months in time order, every
/// product in every month. Its type cycles over 20 (6 RECEIPT, 8 USAGE, 2 WASTE, 2 ADJUSTMENT, 2 TRANSFER, the last
/// two half negative), shifted by one for each pass over the products so that every product has every type, and its
/// size is 0.001 to 4.000 KG.
/// </summary>
sealed record Shape(int Products, int Movements, int Months)
{
    public const string Facility = "bench_analytics";
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string ProductId(int i) => string.Create(CultureInfo.InvariantCulture, $"bench_p{i:D6}");
}

static class Sql
{
    /// <summary>The pivot written by hand, as a person would in psql: product x month in <paramref name="zone"/>, summed.</summary>
    public static string HandWritten(string zone) =>
        $"SELECT product_id, date_trunc('month', adjustment_date AT TIME ZONE '{Zone(zone)}'), sum(inventory_quantity) FROM bakery_ops_movements GROUP BY 1, 2";

    public const string Total = "SELECT sum(inventory_quantity) FROM bakery_ops_movements";

    // The zones come from the script's fixed list; checked anyway, since this one is pasted into SQL text.
    private static string Zone(string zone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _) && zone.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+')
            ? zone
            : throw new ArgumentException($"Not a time zone: {zone}.");
}

static class Seed
{
    public static async Task RunAsync(IServiceProvider services, string connection, Shape shape)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>();
        var now = DateTimeOffset.UtcNow;
        string[] categories = ["Flour", "Dairy", "Sugar", "Fat", "Packaging"];
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Facilities.Add(new Facility { Id = Shape.Facility, Name = "Analytics benchmark", CreatedAt = now, UpdatedAt = now });
            for (var i = 1; i <= shape.Products; i++)
            {
                db.Products.Add(new Product
                {
                    Id = shape.ProductId(i), FacilityId = Shape.Facility, ProductName = string.Create(CultureInfo.InvariantCulture, $"Bench ingredient {i:D6}"),
                    ProductCategory = categories[i % categories.Length], InventoryUnit = "KG", CreatedAt = now, UpdatedAt = now,
                });
            }

            await db.SaveChangesAsync();
        }

        // Every column of bakery_ops_movements that the app writes for a bakery movement, with the app's codes.
        const string Movements = """
            INSERT INTO bakery_ops_movements (id, facility_id, product_id, batch_number, lot_number, vessel_code, quantity, unit,
                inventory_quantity, adjustment_type, reason, adjustment_date, source, jde_ledger_key, created_by, created_at)
            SELECT 'bench_m' || lpad(g::text, 8, '0'), @facility, 'bench_p' || lpad((((g - 1) % @products) + 1)::text, 6, '0'),
                   NULL, NULL, NULL, q.signed * q.size, 'KG', q.effect * q.size, q.type, NULL, d.at, 'BAKERY', NULL, 'bench', d.at
            FROM generate_series(1, @movements) AS g
            CROSS JOIN LATERAL (SELECT (g + (g - 1) / @products) % 20 AS k, ((g::bigint * 7919) % 4000 + 1) / 1000.0 AS size) AS s
            CROSS JOIN LATERAL (SELECT CASE WHEN s.k < 6 THEN 'RECEIPT' WHEN s.k < 14 THEN 'USAGE' WHEN s.k < 16 THEN 'WASTE'
                                            WHEN s.k < 18 THEN 'ADJUSTMENT' ELSE 'TRANSFER' END AS type,
                                       CASE WHEN s.k IN (17, 19) THEN -1 ELSE 1 END AS signed,
                                       CASE WHEN s.k BETWEEN 6 AND 15 OR s.k IN (17, 19) THEN -1 ELSE 1 END AS effect,
                                       s.size) AS q
            CROSS JOIN LATERAL (SELECT @start + (g - 1) * (@span / @movements) AS at) AS d
            """;
        const string OnHand = """
            UPDATE bakery_ops_products p SET on_hand = m.total
            FROM (SELECT product_id, sum(inventory_quantity) AS total FROM bakery_ops_movements WHERE facility_id = @facility GROUP BY product_id) AS m
            WHERE p.id = m.product_id
            """;
        await using var npgsql = new NpgsqlConnection(connection);
        await npgsql.OpenAsync();
        foreach (var sql in new[] { Movements, OnHand, "VACUUM (ANALYZE)" })
        {
            await using var command = new NpgsqlCommand(sql, npgsql) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("facility", Shape.Facility);
            command.Parameters.AddWithValue("products", shape.Products);
            command.Parameters.AddWithValue("movements", shape.Movements);
            command.Parameters.AddWithValue("start", Shape.Start);
            command.Parameters.AddWithValue("span", Shape.Start.AddMonths(shape.Months) - Shape.Start);
            await command.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>psql as a person runs it: a new process, the connection's password from the environment.</summary>
sealed class Psql(string path, string connection)
{
    private readonly NpgsqlConnectionStringBuilder settings = new(connection);

    /// <summary>
    /// Runs <paramref name="sql"/> <paramref name="times"/> times in one session with its rows to /dev/null: psql's
    /// \timing of each run (the query sent and its rows received, before printing) and the whole process's seconds.
    /// </summary>
    public async Task<(double[] Runs, double Process)> TimeAsync(string sql, int times)
    {
        var watch = Stopwatch.StartNew();
        var output = await RunAsync(["-o", "/dev/null", "-c", "\\timing on", .. Enumerable.Repeat<string[]>(["-c", sql], times).SelectMany(a => a)]);
        var process = watch.Elapsed.TotalSeconds;
        var runs = output.Split('\n').Where(l => l.StartsWith("Time: ", StringComparison.Ordinal))
            .Select(l => double.Parse(l["Time: ".Length..].Split(' ')[0], CultureInfo.InvariantCulture) / 1000).ToArray();
        return runs.Length == times ? (runs, process) : throw new InvalidOperationException($"psql printed {runs.Length} timings for {times} runs: {output}");
    }

    /// <summary>Runs <paramref name="sql"/> and returns its rows, unaligned, one per line.</summary>
    public async Task<string[]> RowsAsync(string sql) =>
        (await RunAsync(["-c", sql])).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private async Task<string> RunAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-h", settings.Host!, "-p", settings.Port.ToString(CultureInfo.InvariantCulture),
                     "-U", settings.Username!, "-d", settings.Database!, "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = settings.Password;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql exited with {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }
}

/// <summary>The running portal, signed in as admin.</summary>
sealed record Portal(Uri BaseAddress, string Password);

/// <summary>What the hand-written GROUP BY returned: the sum of each (product, month label), the basis of every check.</summary>
sealed class Groups(Dictionary<(string Product, string Month), decimal> sums, decimal total)
{
    public int Count => sums.Count;

    public decimal Total => total;

    public static async Task<Groups> ReadAsync(NpgsqlDataSource source, string zone, decimal total)
    {
        var sums = new Dictionary<(string, string), decimal>();
        await using var command = source.CreateCommand(Sql.HandWritten(zone));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sums.Add((reader.GetString(0), reader.GetDateTime(1).ToString("yyyy-MM", CultureInfo.InvariantCulture)), reader.GetDecimal(2));
        }

        return new Groups(sums, total);
    }

    /// <summary>Checks a pivot's answer: one field per axis, so every header is a leaf and every non-empty cell a group.</summary>
    public void Check(string what, IReadOnlyList<string?> rows, IReadOnlyList<string?> columns, Func<int, int, decimal?> cell,
        Func<int, decimal?> rowTotal, Func<int, decimal?> columnTotal, decimal? grandTotal)
    {
        var cells = 0;
        var columnSums = new decimal[columns.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var rowSum = 0m;
            for (var c = 0; c < columns.Count; c++)
            {
                var value = cell(r, c);
                if (value is null)
                {
                    Require(!sums.ContainsKey((rows[r]!, columns[c]!)), $"{what}: cell {rows[r]} x {columns[c]} is empty, psql has a group");
                    continue;
                }

                cells++;
                Require(sums.TryGetValue((rows[r]!, columns[c]!), out var expected) && expected == value,
                    $"{what}: cell {rows[r]} x {columns[c]} is {value}, psql has {expected}");
                rowSum += value.Value;
                columnSums[c] += value.Value;
            }

            Require(rowTotal(r) == rowSum, $"{what}: row total of {rows[r]} is {rowTotal(r)}, its cells sum to {rowSum}");
        }

        for (var c = 0; c < columns.Count; c++)
        {
            Require(columnTotal(c) == columnSums[c], $"{what}: column total of {columns[c]} is {columnTotal(c)}, its cells sum to {columnSums[c]}");
        }

        Require(cells == Count, $"{what}: {cells} cells, psql returns {Count} groups");
        Require(grandTotal == total, $"{what}: grand total {grandTotal}, psql's sum(inventory_quantity) is {total}");
    }

    private static void Require(bool ok, string failure)
    {
        if (!ok)
        {
            throw new InvalidOperationException("check failed: " + failure);
        }
    }
}

static class PivotBench
{
    public static async Task RunAsync(IServiceProvider services, NpgsqlDataSource source, Psql psql, int rounds, Portal? portal, string[] zones)
    {
        var pivots = services.GetRequiredService<PivotService>();
        using var http = new HttpClient { BaseAddress = portal?.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        if (portal is not null)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "admin", ["password"] = portal.Password });
            using var response = await http.PostAsync("token", form);
            response.EnsureSuccessStatusCode();
            using var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("access_token").GetString());
        }

        var total = decimal.Parse((await psql.RowsAsync(Sql.Total)).Single(), CultureInfo.InvariantCulture);
        foreach (var zone in zones)
        {
            var spec = new PivotSpec
            {
                Dataset = "movements", Rows = ["productId"], Columns = ["adjustmentDate"], DateGrouping = "month",
                Measures = [new PivotMeasure("inventoryQuantity", "sum")], TimeZone = zone,
            };
            var body = JsonSerializer.Serialize(spec, JsonSerializerOptions.Web);
            var groups = await Groups.ReadAsync(source, zone, total);
            var psqlGroups = (await psql.RowsAsync(Sql.HandWritten(zone))).Length;
            if (psqlGroups != groups.Count)
            {
                throw new InvalidOperationException($"psql returns {psqlGroups} groups, Npgsql {groups.Count}.");
            }

            Console.Error.WriteLine($"{zone}: psql returns {groups.Count} groups; sum(inventory_quantity) = {total}");

            // A person at the psql prompt: the second run of the query in a session, its first run (a new backend) beside it.
            async Task<(double, double, int)> PsqlAsync()
            {
                var (runs, _) = await psql.TimeAsync(Sql.HandWritten(zone), 2);
                return (runs[1], runs[0], groups.Count);
            }

            // psql as one command, as a script runs it: connection, one run, rows to /dev/null; its \timing beside it.
            async Task<(double, double, int)> PsqlProcessAsync()
            {
                var (runs, process) = await psql.TimeAsync(Sql.HandWritten(zone), 1);
                return (process, runs[0], groups.Count);
            }

            async Task<(double, double, int)> EngineAsync()
            {
                var cpu = Environment.CpuUsage.TotalTime;
                var watch = Stopwatch.StartNew();
                var result = await pivots.RunAsync(spec, default);
                var seconds = watch.Elapsed.TotalSeconds;
                var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
                groups.Check($"engine {zone}", Labels(result.RowHeaders), Labels(result.ColumnHeaders), (r, c) => (decimal?)result.Cells[r][c][0],
                    r => (decimal?)result.RowTotals[r][0], c => (decimal?)result.ColumnTotals[c][0], (decimal?)result.GrandTotal[0]);
                return (seconds, cpuSeconds, groups.Count);
            }

            async Task<(double, double, int)> NpgsqlAsync()
            {
                var cpu = Environment.CpuUsage.TotalTime;
                var watch = Stopwatch.StartNew();
                var rows = 0;
                await using (var command = source.CreateCommand(Sql.HandWritten(zone)))
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        _ = (reader.GetString(0), reader.GetDateTime(1), reader.GetDecimal(2));
                        rows++;
                    }
                }

                var seconds = watch.Elapsed.TotalSeconds;
                return (seconds, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds, rows);
            }

            async Task<(double, double, int)> HttpAsync()
            {
                var watch = Stopwatch.StartNew();
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("analytics/pivot", content);
                var bytes = await response.Content.ReadAsByteArrayAsync();
                var seconds = watch.Elapsed.TotalSeconds;
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"POST /analytics/pivot: HTTP {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
                }

                using var json = JsonDocument.Parse(bytes);
                var root = json.RootElement;
                static decimal? Number(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDecimal();
                var cells = root.GetProperty("cells");
                groups.Check($"http {zone}", Labels(root.GetProperty("rowHeaders")), Labels(root.GetProperty("columnHeaders")),
                    (r, c) => Number(cells[r][c][0]), r => Number(root.GetProperty("rowTotals")[r][0]),
                    c => Number(root.GetProperty("columnTotals")[c][0]), Number(root.GetProperty("grandTotal")[0]));
                return (seconds, seconds, groups.Count);
            }

            var measurements = new List<(string Mode, Func<Task<(double, double, int)>> Run)>
            {
                ("psql", PsqlAsync), ("psql-process", PsqlProcessAsync), ("engine", EngineAsync), ("npgsql", NpgsqlAsync),
            };
            if (portal is not null)
            {
                measurements.Add(("http", HttpAsync));
            }

            // Warm-up: the JIT, the connection pools, the portal's first request and PostgreSQL's buffers.
            for (var i = 0; i < 2; i++)
            {
                foreach (var (_, run) in measurements)
                {
                    await run();
                }
            }

            // PostgreSQL's own account of the rounds (read by the script): the warm-up's statements are not in it.
            await ResetStatementStatisticsAsync(source);
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var (name, run) in measurements)
                {
                    GC.Collect();
                    var (seconds, extra, rows) = await run();
                    Console.WriteLine(string.Join('\t', name, zone, round, seconds.ToString("0.0000", CultureInfo.InvariantCulture),
                        extra.ToString("0.0000", CultureInfo.InvariantCulture), rows));
                }
            }

            Console.Error.WriteLine($"{zone}: every engine{(portal is null ? "" : " and HTTP")} result matched psql's {groups.Count} groups and total");
        }
    }

    private static async Task ResetStatementStatisticsAsync(NpgsqlDataSource source)
    {
        await using var installed = source.CreateCommand("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'");
        if ((long)(await installed.ExecuteScalarAsync())! > 0)
        {
            await using var reset = source.CreateCommand("SELECT pg_stat_statements_reset()");
            await reset.ExecuteNonQueryAsync();
        }
    }

    private static string?[] Labels(IReadOnlyList<IReadOnlyList<object?>> headers) =>
        [.. headers.Select(h => h.Count == 1 ? Convert.ToString(h[0], CultureInfo.InvariantCulture) : throw new InvalidOperationException("A subtotal header in a one-field axis."))];

    private static string?[] Labels(JsonElement headers) =>
        [.. headers.EnumerateArray().Select(h => h.GetArrayLength() == 1 ? h[0].ToString() : throw new InvalidOperationException("A subtotal header in a one-field axis."))];
}
