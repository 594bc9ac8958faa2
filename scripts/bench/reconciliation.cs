// Benchmark of the reconciliation (issue 19): a facility of BENCH_PRODUCTS lot-controlled products x BENCH_LOTS lots
// on PostgreSQL, its report computed by ReconciliationService.GetAsync, and the JDE vs Bakery page's first render in
// Chromium. Run by scripts/benchmark-reconciliation.sh, one mode per process:
//   dotnet run -c Release scripts/bench/reconciliation.cs -- seed  <conn> <work dir> <products> <lots>
//   dotnet run -c Release scripts/bench/reconciliation.cs -- query <conn> <work dir> <products> <lots> <rounds>
//   dotnet run -c Release scripts/bench/reconciliation.cs -- page  <portal base URL> <admin password> <products> <lots> <rounds> <chromium>
// seed   migrates the (empty) database with the portal's DatabaseMigrator and writes facility bench_recon, linked to
//        branch 9100: its products (KG, lot controlled, JD Edwards item numbers) and their batches (EF, in chunks),
//        JD Edwards' balance per item and lot, the mirrored ledger (3-5 rows per lot summing to the balance), zero
//        ledger openings, open quarantine rows (in flight) and items JD Edwards holds with no product (binary COPY)
// query  through the real DI container (AddInfrastructure), warmed up, then <rounds> rounds of, in turn:
//          baseline  a plain EF read of the facility's products and batches (AsNoTracking, ToListAsync)
//          report    ReconciliationService.GetAsync(facility, new ReconciliationQuery())
//          variance  the same with status Variance
//          first-lines  ReconciliationService.GetFirstLinesAsync(facility, 20): what the prerendered page computes,
//                    checked line by line against the whole report's first 20
//        every report is checked against the lines and status counts the data was made with
// page   signs in as admin once, visits both pages once (warm-up), then <rounds> rounds of, in turn:
//          baseline  /bakery-ops-data?facility=bench_recon until its products grid shows a row, then until the
//                    circuit is up (#bakery-ops-ready)
//          page      /jde-vs-bakery until the grid's first row (tr.comparison-row) is visible, then until the
//                    circuit is up with every line (#comparison-ready); the totals shown are checked against the expected counts
// query and page print one tab-separated line per measurement: mode round firstSeconds readySeconds lines
#:project ../../BakeryOps.Infrastructure/BakeryOps.Infrastructure.csproj
#:package Microsoft.Playwright
#:property Nullable=enable
#:property PublishAot=false
using System.Diagnostics;
using System.Globalization;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Npgsql;
using NpgsqlTypes;

var mode = args[0];
switch (mode)
{
    case "seed":
    {
        var shape = new Shape(Int(args[3]), Int(args[4]));
        using var host = BuildHost(args[1], args[2]);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(default);
        var watch = Stopwatch.StartNew();
        await Seed.RunAsync(host.Services, args[1], shape);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeded {shape.Products} products, {shape.Products * shape.Lots} batches, {shape.BalanceRows} balance rows, {shape.LedgerRows} ledger rows, {shape.QuarantineRows} open quarantine rows in {watch.Elapsed.TotalSeconds:0.0} s"));
        break;
    }

    case "query":
    {
        var shape = new Shape(Int(args[3]), Int(args[4]));
        using var host = BuildHost(args[1], args[2]);
        await QueryBench.RunAsync(host.Services, shape, Int(args[5]));
        break;
    }

    case "page":
        await PageBench.RunAsync(args[1].TrimEnd('/'), args[2], new Shape(Int(args[3]), Int(args[4])), Int(args[5]), args[6]);
        break;

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
        // An AIS that is never called (the live report reads JD Edwards as last pulled) but has the item balance
        // orchestration, as the portal's simulator has: the report compares against the balance, not the ledger's sum.
        ["Jde:Mode"] = "Ais",
        ["Jde:BaseUrl"] = "http://127.0.0.1:9/jderest/",
        ["Jde:ItemBalanceUrl"] = "http://127.0.0.1:9/jderest/v3/orchestrator/JDE_ITEM_BALANCE",
        ["Jde:Username"] = "BAKERYINT",
        ["Jde:Password"] = "bakeryint",
    });
    builder.Logging.ClearProviders();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    // Warnings to stderr: stdout carries the result lines only.
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
    builder.AddInfrastructure(DataDirectory.Resolve(builder.Configuration, work));
    return builder.Build();
}

static class Output
{
    /// <summary>One measurement: mode round firstSeconds readySeconds lines, tab-separated.</summary>
    public static void Print(string mode, int round, double first, double ready, int lines) =>
        Console.WriteLine(string.Join('\t', mode, round, first.ToString("0.0000", CultureInfo.InvariantCulture),
            ready.ToString("0.0000", CultureInfo.InvariantCulture), lines));
}

/// <summary>
/// What the benchmark facility holds, and so what its report must say. Product i (1-based) is JD Edwards item
/// 100000 + i with lots L{i}-1 … L{i}-{lots}; lot number n (0-based over all product lots) is a variance when n % 50 == 7
/// (the bakery holds 1.5 KG more) and in flight when n % 100 == 3 (its last ledger row waits in the quarantine, and the
/// bakery does not hold it yet). <see cref="MissingItems"/> items past the products have a balance and no product.
/// </summary>
sealed record Shape(int Products, int Lots)
{
    public const string Facility = "bench_recon";
    public const string Branch = "9100";
    public const int FirstItem = 100_000;

    public int MissingItems => Math.Max(1, Products / 500);

    public int ProductLines => Products * Lots;

    public int Variances => Enumerable.Range(0, ProductLines).Count(IsVariance);

    public int MissingLines => MissingItems * Lots;

    public int Lines => ProductLines + MissingLines;

    public int BalanceRows => (Products + MissingItems) * Lots;

    public long LedgerRows => Enumerable.Range(0, Products + MissingItems).Sum(i => Enumerable.Range(0, Lots).Sum(j => (long)LedgerRowsOf(i, j)));

    public int QuarantineRows => Enumerable.Range(0, ProductLines).Count(IsInFlight);

    public static bool IsVariance(int n) => n % 50 == 7;

    public static bool IsInFlight(int n) => n % 100 == 3;

    public static int LedgerRowsOf(int item, int lot) => 3 + ((item + lot) % 3);

    public static string LotOf(int item, int lot) => string.Create(CultureInfo.InvariantCulture, $"L{item + 1}-{lot + 1}");

    public static string SecondItemOf(int item) => string.Create(CultureInfo.InvariantCulture, $"BENCH-{item + 1:D6}");

    /// <summary>JD Edwards' balance of a lot: 10.000 to 99.875 KG.</summary>
    public static decimal BalanceOf(int item, int lot) => 10m + ((item * 7 + lot * 13) % 720) / 8m;

    /// <summary>The ledger rows of a lot, summing to its balance: equal parts, the last one the rest.</summary>
    public static decimal[] LedgerOf(int item, int lot)
    {
        var count = LedgerRowsOf(item, lot);
        var balance = BalanceOf(item, lot);
        var part = decimal.Round(balance / count, 3);
        var rows = Enumerable.Repeat(part, count).ToArray();
        rows[^1] = balance - part * (count - 1);
        return rows;
    }

    public IReadOnlyDictionary<string, int> ExpectedTotals() => new Dictionary<string, int>
    {
        ["Match"] = ProductLines - Variances,
        ["Variance"] = Variances,
        ["Missing in bakery"] = MissingLines,
        ["Missing in JDE"] = 0,
        ["Unmapped"] = 0,
    };
}

static class Seed
{
    public static async Task RunAsync(IServiceProvider services, string connection, Shape shape)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>();
        var now = DateTimeOffset.UtcNow;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.Facilities.Add(new Facility
            {
                Id = Shape.Facility, Name = "Reconciliation benchmark", JdeBusinessUnit = Shape.Branch, JdeLinkedAt = now.AddDays(-30),
                CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        string[] categories = ["Flour", "Dairy", "Sugar", "Fat", "Packaging"];
        const int Chunk = 2_000;
        for (var start = 0; start < shape.Products; start += Chunk)
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(shape.Products, start + Chunk); i++)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"bench_p{i + 1:D6}");
                var batches = Enumerable.Range(0, shape.Lots).Select(j =>
                {
                    var n = i * shape.Lots + j;
                    var quantity = Shape.BalanceOf(i, j);
                    if (Shape.IsInFlight(n))
                    {
                        quantity -= Shape.LedgerOf(i, j)[^1];
                    }

                    if (Shape.IsVariance(n))
                    {
                        quantity += 1.5m;
                    }

                    return new Batch
                    {
                        Id = string.Create(CultureInfo.InvariantCulture, $"bench_b{i + 1:D6}_{j + 1}"), FacilityId = Shape.Facility, ProductId = id,
                        BatchNumber = Shape.LotOf(i, j), LotNumber = Shape.LotOf(i, j), QuantityOnHand = quantity, CreatedAt = now, UpdatedAt = now,
                    };
                }).ToList();
                db.Products.Add(new Product
                {
                    Id = id, FacilityId = Shape.Facility, ProductName = string.Create(CultureInfo.InvariantCulture, $"Bench ingredient {i + 1:D6}"),
                    ProductCategory = categories[i % categories.Length], InventoryUnit = "KG", LotControlled = true,
                    JdeShortItemNumber = Shape.FirstItem + i + 1, JdeSecondItemNumber = Shape.SecondItemOf(i), JdeBranchPlant = Shape.Branch,
                    OnHand = batches.Sum(b => b.QuantityOnHand), CreatedAt = now, UpdatedAt = now,
                });
                db.Batches.AddRange(batches);
            }

            await db.SaveChangesAsync();
        }

        await using var npgsql = new NpgsqlConnection(connection);
        await npgsql.OpenAsync();
        var runId = Guid.NewGuid();
        var items = shape.Products + shape.MissingItems;
        await using (var importer = await npgsql.BeginBinaryImportAsync(
            "COPY jde_item_balances (facility_id, short_item_number, second_item_number, location, lot, on_hand, unit, updated_date, pulled_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < items; i++)
            {
                for (var j = 0; j < shape.Lots; j++)
                {
                    await importer.StartRowAsync();
                    await importer.WriteAsync(Shape.Facility, NpgsqlDbType.Varchar);
                    await importer.WriteAsync(Shape.FirstItem + i + 1, NpgsqlDbType.Integer);
                    await importer.WriteAsync(Shape.SecondItemOf(i), NpgsqlDbType.Varchar);
                    await importer.WriteAsync("MAIN", NpgsqlDbType.Varchar);
                    await importer.WriteAsync(Shape.LotOf(i, j), NpgsqlDbType.Varchar);
                    await importer.WriteAsync(Shape.BalanceOf(i, j), NpgsqlDbType.Numeric);
                    await importer.WriteAsync("KG", NpgsqlDbType.Varchar);
                    await importer.WriteAsync(DateOnly.FromDateTime(now.UtcDateTime), NpgsqlDbType.Date);
                    await importer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                }
            }

            await importer.CompleteAsync();
        }

        var quarantined = new List<long>();
        await using (var importer = await npgsql.BeginBinaryImportAsync(
            "COPY jde_cardex (facility_id, ukid, short_item_number, second_item_number, business_unit, location, lot, document_number, " +
            "document_type, transaction_date, written_at, quantity, unit, explanation, outcome, back_dated, movement_id, run_id, mirrored_at) FROM STDIN (FORMAT BINARY)"))
        {
            long ukid = 0;
            for (var i = 0; i < items; i++)
            {
                for (var j = 0; j < shape.Lots; j++)
                {
                    var rows = Shape.LedgerOf(i, j);
                    var inFlight = i < shape.Products && Shape.IsInFlight(i * shape.Lots + j);
                    for (var k = 0; k < rows.Length; k++)
                    {
                        ukid++;
                        var waiting = inFlight && k == rows.Length - 1;
                        if (waiting)
                        {
                            quarantined.Add(ukid);
                        }

                        await importer.StartRowAsync();
                        await importer.WriteAsync(Shape.Facility, NpgsqlDbType.Varchar);
                        await importer.WriteAsync(ukid, NpgsqlDbType.Bigint);
                        await importer.WriteAsync(Shape.FirstItem + i + 1, NpgsqlDbType.Integer);
                        await importer.WriteAsync(Shape.SecondItemOf(i), NpgsqlDbType.Varchar);
                        await importer.WriteAsync("        " + Shape.Branch, NpgsqlDbType.Varchar);
                        await importer.WriteAsync("MAIN", NpgsqlDbType.Varchar);
                        await importer.WriteAsync(Shape.LotOf(i, j), NpgsqlDbType.Varchar);
                        await importer.WriteAsync(1_000_000L + ukid, NpgsqlDbType.Bigint);
                        await importer.WriteAsync("OV", NpgsqlDbType.Varchar);
                        await importer.WriteAsync(DateOnly.FromDateTime(now.UtcDateTime).AddDays(k - rows.Length), NpgsqlDbType.Date);
                        await importer.WriteAsync(now.AddDays(k - rows.Length), NpgsqlDbType.TimestampTz);
                        await importer.WriteAsync(rows[k], NpgsqlDbType.Numeric);
                        await importer.WriteAsync("KG", NpgsqlDbType.Varchar);
                        await importer.WriteAsync("Receipt", NpgsqlDbType.Varchar);
                        await importer.WriteAsync(waiting ? "Quarantined" : "Applied", NpgsqlDbType.Varchar);
                        await importer.WriteAsync(false, NpgsqlDbType.Boolean);
                        await importer.WriteNullAsync();
                        await importer.WriteAsync(runId, NpgsqlDbType.Uuid);
                        await importer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                    }
                }
            }

            await importer.CompleteAsync();
        }

        await using (var importer = await npgsql.BeginBinaryImportAsync(
            "COPY sync_quarantine (id, facility_id, ukid, reason, detail, attempts, run_id, created_at, updated_at, resolved_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var ukid in quarantined)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                await importer.WriteAsync(Shape.Facility, NpgsqlDbType.Varchar);
                await importer.WriteAsync(ukid, NpgsqlDbType.Bigint);
                await importer.WriteAsync("BelowZero", NpgsqlDbType.Varchar);
                await importer.WriteAsync("Benchmark: waiting for a retry.", NpgsqlDbType.Varchar);
                await importer.WriteAsync(1, NpgsqlDbType.Integer);
                await importer.WriteAsync(runId, NpgsqlDbType.Uuid);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await importer.WriteNullAsync();
            }

            await importer.CompleteAsync();
        }

        // Openings of zero, as after a full-history bootstrap: the ledger sums to the balance, so no drift.
        await using (var importer = await npgsql.BeginBinaryImportAsync(
            "COPY jde_ledger_openings (facility_id, short_item_number, lot, unit, quantity, captured_at, run_id) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < items; i++)
            {
                for (var j = 0; j < shape.Lots; j++)
                {
                    await importer.StartRowAsync();
                    await importer.WriteAsync(Shape.Facility, NpgsqlDbType.Varchar);
                    await importer.WriteAsync(Shape.FirstItem + i + 1, NpgsqlDbType.Integer);
                    await importer.WriteAsync(Shape.LotOf(i, j), NpgsqlDbType.Varchar);
                    await importer.WriteAsync("KG", NpgsqlDbType.Varchar);
                    await importer.WriteAsync(0m, NpgsqlDbType.Numeric);
                    await importer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                    await importer.WriteAsync(runId, NpgsqlDbType.Uuid);
                }
            }

            await importer.CompleteAsync();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE", npgsql);
        await analyze.ExecuteNonQueryAsync();
    }
}

static class QueryBench
{
    /// <summary>As many lines as the JDE vs Bakery page prerenders (JdeVsBakery.PrerenderedRows).</summary>
    private const int FirstLines = 20;

    public static async Task RunAsync(IServiceProvider services, Shape shape, int rounds)
    {
        var reconciliation = services.GetRequiredService<ReconciliationService>();
        var contexts = services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>();

        async Task<int> BaselineAsync()
        {
            await using var db = await contexts.CreateDbContextAsync();
            var products = await db.Products.AsNoTracking().Where(p => p.FacilityId == Shape.Facility).ToListAsync();
            var batches = await db.Batches.AsNoTracking().Where(b => b.FacilityId == Shape.Facility).ToListAsync();
            return products.Count + batches.Count;
        }

        async Task<int> ReportAsync(string? status)
        {
            var report = await reconciliation.GetAsync(Shape.Facility, new ReconciliationQuery(status), default);
            Check(report, shape, status);
            return report.Rows.Count;
        }

        // What the prerendered page computes: the first screen's lines alone, checked against the whole report's first lines.
        var whole = await reconciliation.GetAsync(Shape.Facility, new ReconciliationQuery(), default);
        async Task<int> FirstLinesAsync()
        {
            var first = await reconciliation.GetFirstLinesAsync(Shape.Facility, FirstLines, default);
            if (!first.Rows.SequenceEqual(whole.Rows.Take(FirstLines)))
            {
                throw new InvalidOperationException($"The first {FirstLines} lines differ from the whole report's first lines.");
            }

            return first.Rows.Count;
        }

        // Warm-up: the JIT, EF's compiled queries and the connection pool, as in a running portal.
        for (var i = 0; i < 2; i++)
        {
            await BaselineAsync();
            await ReportAsync(null);
            await ReportAsync("Variance");
            await FirstLinesAsync();
        }

        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, run) in new (string, Func<Task<int>>)[]
                     {
                         ("baseline", BaselineAsync), ("report", () => ReportAsync(null)), ("variance", () => ReportAsync("Variance")),
                         ("first-lines", FirstLinesAsync),
                     })
            {
                GC.Collect();
                var watch = Stopwatch.StartNew();
                var lines = await run();
                var seconds = watch.Elapsed.TotalSeconds;
                Output.Print(name, round, seconds, seconds, lines);
            }
        }
    }

    private static void Check(ReconciliationReport report, Shape shape, string? status)
    {
        var expected = shape.ExpectedTotals();
        foreach (var (name, count) in expected)
        {
            if (report.Totals.GetValueOrDefault(name) != count)
            {
                throw new InvalidOperationException($"The report counts {report.Totals.GetValueOrDefault(name)} {name} lines, expected {count}.");
            }
        }

        var lines = status is null ? shape.Lines : expected[status];
        if (report.Rows.Count != lines || report.LedgerDrifts != 0)
        {
            throw new InvalidOperationException($"The report has {report.Rows.Count} lines and {report.LedgerDrifts} ledger drifts, expected {lines} and 0.");
        }

        var inFlight = report.Rows.Count(r => r.JdeInFlight != 0);
        if (status is null && inFlight != shape.QuarantineRows)
        {
            throw new InvalidOperationException($"The report has {inFlight} lines with JD Edwards quantities in flight, expected {shape.QuarantineRows}.");
        }
    }
}

static class PageBench
{
    public static async Task RunAsync(string baseUrl, string password, Shape shape, int rounds, string chromium)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = 1600, Height = 1000 },
        });
        context.SetDefaultTimeout(120_000);
        var page = await context.NewPageAsync();

        // Sign in once (as PortalBrowser.SignInAsync does); the cookie serves every visit after.
        await page.GotoAsync("/jde-vs-bakery");
        await page.WaitForURLAsync(url => url.Contains("/login?ReturnUrl=", StringComparison.OrdinalIgnoreCase));
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(url => url.EndsWith("/jde-vs-bakery", StringComparison.Ordinal));

        var baselinePath = "/bakery-ops-data?facility=" + Shape.Facility;
        const string BaselineRow = "#products-grid .product-name";
        const string BaselineReady = "#bakery-ops-ready";
        const string PageRow = "tr.comparison-row";
        const string PageReady = "#comparison-ready";

        async Task<(double First, double Ready)> VisitAsync(string path, string row, string ready)
        {
            var watch = Stopwatch.StartNew();
            await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            await page.Locator(row).First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
            var first = watch.Elapsed.TotalSeconds;
            await page.Locator(ready).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            return (first, watch.Elapsed.TotalSeconds);
        }

        async Task CheckTotalsAsync()
        {
            foreach (var (status, count) in shape.ExpectedTotals())
            {
                var chip = page.Locator($".comparison-total[data-status='{status}']");
                var text = (await chip.InnerTextAsync()).Trim();
                if (text != string.Create(CultureInfo.InvariantCulture, $"{status}: {count}"))
                {
                    throw new InvalidOperationException($"The page shows '{text}', expected {status}: {count}.");
                }
            }
        }

        // Warm-up: both pages once, as a running portal has served them before.
        for (var i = 0; i < 2; i++)
        {
            await VisitAsync(baselinePath, BaselineRow, BaselineReady);
            await VisitAsync("/jde-vs-bakery", PageRow, PageReady);
            await CheckTotalsAsync();
        }

        for (var round = 1; round <= rounds; round++)
        {
            var (baseFirst, baseReady) = await VisitAsync(baselinePath, BaselineRow, BaselineReady);
            Output.Print("page-baseline", round, baseFirst, baseReady, await page.Locator(BaselineRow).CountAsync());
            var (first, ready) = await VisitAsync("/jde-vs-bakery", PageRow, PageReady);
            Output.Print("page", round, first, ready, await page.Locator(PageRow).CountAsync());
            await CheckTotalsAsync();
        }
    }
}
