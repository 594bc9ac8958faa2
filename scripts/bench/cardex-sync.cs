// Benchmark of the cardex sync (issue 10): JD Edwards ledger rows pulled from the simulator over HTTP, mirrored and
// applied into PostgreSQL and the lake, against a raw Npgsql binary COPY of the same rows and the pull alone. Run by
// scripts/benchmark-sync.sh, one mode per process so that peak figures belong to that mode alone:
//   dotnet run -c Release scripts/bench/cardex-sync.cs -- <mode> <jderest base URL> <since yyyy-MM-dd> <expected rows> <admin conn> <work dir>
// mode: pull   JdeAisClient.StreamCardexAsync of branches 1110, 1120, 1130, every row parsed, then dropped
//       sync   end to end into a fresh database: a full-history bootstrap of three empty facilities (one per branch,
//              with the sample products) through CardexSync: pull, mirror, apply, cardex_changes to a folder lake
//       apply  the same rows pulled into memory first (not timed), then the same bootstrap fed from memory: timed from
//              the first row to the last window committed (the clock stops when the run starts its lake write)
//       copy   the same rows pulled into memory first (not timed), then one binary COPY into a table shaped like
//              jde_cardex (its columns, key and indexes), committed: the baseline of the apply stage
// Each mode first warms up in its own process (20,000 rows through the same path, not timed), as a running portal is.
// Prints one tab-separated line: mode seconds rows peakWorkingSetMB peakHeapMB allocatedMB applied
#:project ../../BakeryOps.Infrastructure/BakeryOps.Infrastructure.csproj
#:property Nullable=enable
#:property PublishAot=false
using System.Diagnostics;
using System.Globalization;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Inventory.SampleData;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

var (mode, jdeBase, since, expected, adminConnection, work) = (args[0], args[1], DateOnly.Parse(args[2], CultureInfo.InvariantCulture),
    long.Parse(args[3], CultureInfo.InvariantCulture), args[4], args[5]);
string[] branches = ["1110", "1120", "1130"];
var database = $"bench_{mode}_{Guid.NewGuid():N}"[..30];

await using (var admin = new NpgsqlConnection(adminConnection))
{
    await admin.OpenAsync();
    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
    await create.ExecuteNonQueryAsync();
}

var connection = new NpgsqlConnectionStringBuilder(adminConnection) { Database = database }.ConnectionString;
Directory.CreateDirectory(work);
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", ContentRootPath = work });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    [DataDirectory.VariableName] = work,
    ["Database:Provider"] = "Postgres",
    ["Database:ConnectionString"] = connection,
    ["Database:CommandTimeoutSeconds"] = "600",
    ["Jde:Mode"] = "Ais",
    ["Jde:BaseUrl"] = jdeBase,
    ["Jde:Username"] = "BAKERYINT",
    ["Jde:Password"] = "bakeryint",
    ["Jde:Resilience:ReadTimeoutSeconds"] = "600",
    ["Jde:Resilience:ReadTotalTimeoutSeconds"] = "1800",
    ["Lake:Store"] = "Folder",
    ["Lake:FolderPath"] = Path.Combine(work, "lake"),
    ["Sync:HistoryStart"] = since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
});
if (Environment.GetEnvironmentVariable("BENCH_BATCH_ROWS") is { Length: > 0 } batchRows)
{
    // Unset: the portal's default.
    builder.Configuration["Sync:BatchRows"] = batchRows;
}

builder.Logging.ClearProviders();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// Warnings to stderr: stdout carries the result line only.
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
builder.AddInfrastructure(DataDirectory.Resolve(builder.Configuration, work));
var lakeStart = new LakeStartMark();
builder.Services.DecorateLakeWriter(lakeStart);
using var host = builder.Build();
var services = host.Services;

// Set up before the clock starts: migrations and sample products are not part of a sync.
await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(default);
var facilities = await CreateEmptyFacilitiesAsync(services, branches, "bench_");

List<JdeCardexRow>? pulled = null;
if (mode is "apply" or "copy" or "copy3")
{
    pulled = [];
    foreach (var branch in branches)
    {
        await foreach (var row in services.GetRequiredService<JdeAisClient>().StreamCardexAsync(branch, since))
        {
            pulled.Add(row);
        }
    }

    Expect(pulled.Count, "pulled");
}

// Warm-up in this process, before the clock starts: a long-running portal has its code compiled at full speed; a
// fresh process would spend the measured seconds in the JIT. The first WarmUpRows rows of branch 1110, pulled over
// HTTP, bootstrapped into a warm-up facility (sync and apply), or copied into a warm-up table (copy).
const int WarmUpRows = 20_000;
var warmUpRows = new List<JdeCardexRow>(WarmUpRows);
await foreach (var row in services.GetRequiredService<JdeAisClient>().StreamCardexAsync(branches[0], since))
{
    warmUpRows.Add(row);
    if (warmUpRows.Count == WarmUpRows)
    {
        break;
    }
}

if (mode is "sync" or "apply")
{
    var (_, warmFacility) = (await CreateEmptyFacilitiesAsync(services, branches[..1], "warm_", loadSample: false))[0];
    var warm = await services.GetRequiredService<SyncRunRecorder>().RunAsync(CardexSync.Job, "warm-up", warmFacility, (handle, ct) =>
        services.GetRequiredService<CardexSync>().RunAsync(warmFacility, CardexSyncMode.FullHistory, handle, (_, _) => warmUpRows.ToAsyncEnumerable(), ct), default);
    if (warm.Status != "succeeded")
    {
        throw new InvalidOperationException($"The warm-up run ended {warm.Status}: {warm.Error}");
    }
}
else if (mode is "copy" or "copy3")
{
    await RawCopy.CopyAsync(connection, warmUpRows, "warm_copy_target", allThree: mode == "copy3");
}

warmUpRows = null;
GC.Collect();
using var sampler = new PeakHeapSampler();
var watch = Stopwatch.StartNew();
long rows = 0;
long applied = 0;
var applySeconds = 0.0;
switch (mode)
{
    case "pull":
        foreach (var branch in branches)
        {
            await foreach (var row in services.GetRequiredService<JdeAisClient>().StreamCardexAsync(branch, since))
            {
                rows++;
            }
        }

        break;

    case "sync":
    case "apply":
        foreach (var (branch, facility) in facilities)
        {
            var recorder = services.GetRequiredService<SyncRunRecorder>();
            var sync = services.GetRequiredService<CardexSync>();
            var byBranch = pulled?.Where(r => r.BusinessUnit.Trim() == branch).ToList();
            lakeStart.Reset();
            var runStart = Stopwatch.GetTimestamp();
            var run = await recorder.RunAsync(CardexSync.Job, "benchmark", facility, (handle, ct) => byBranch is null
                ? sync.RunAsync(facility, CardexSyncMode.FullHistory, handle, ct)
                : sync.RunAsync(facility, CardexSyncMode.FullHistory, handle, (_, _) => byBranch.ToAsyncEnumerable(), ct), default);
            if (run.Status != "succeeded")
            {
                throw new InvalidOperationException($"The run of {facility} ended {run.Status}: {run.Error}");
            }

            rows += run.Counts.GetValueOrDefault(CardexSyncCounts.Read);
            applied += run.Counts.GetValueOrDefault(CardexSyncCounts.Applied);
            // The apply stage: from the run's start to the moment it began its lake write.
            applySeconds += Stopwatch.GetElapsedTime(runStart, lakeStart.StartedAt ?? Stopwatch.GetTimestamp()).TotalSeconds;
        }

        break;

    case "copy":
        rows = await RawCopy.CopyAsync(connection, pulled!, "copy_target");
        break;

    case "copy3":
        rows = await RawCopy.CopyAsync(connection, pulled!, "copy_target", allThree: true);
        break;

    default:
        throw new ArgumentException($"Unknown mode {mode}.");
}

watch.Stop();
var seconds = mode == "apply" ? applySeconds : watch.Elapsed.TotalSeconds;
Expect(rows, mode);
using var self = Process.GetCurrentProcess();
self.Refresh();
Console.WriteLine(string.Join('\t', mode, seconds.ToString("0.000", CultureInfo.InvariantCulture), rows,
    self.PeakWorkingSet64 / 1048576, sampler.PeakBytes / 1048576, GC.GetTotalAllocatedBytes() / 1048576, applied));

void Expect(long count, string what)
{
    if (count != expected)
    {
        throw new InvalidOperationException($"{what}: {count} rows, expected {expected}.");
    }
}

// One empty facility per branch with the sample products of that branch (links, units and conversions), no stock.
static async Task<List<(string Branch, string Facility)>> CreateEmptyFacilitiesAsync(
    IServiceProvider services, string[] branches, string prefix, bool loadSample = true)
{
    if (loadSample)
    {
        await services.GetRequiredService<SampleDataLoader>().LoadAsync(null, default);
    }

    await using var db = await services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
    var now = DateTimeOffset.UtcNow;
    var created = new List<(string, string)>();
    foreach (var branch in branches)
    {
        var id = prefix + branch;
        // The sample facility of the branch: the first one linked to it.
        var source = await db.Facilities.AsNoTracking().Where(f => f.JdeBusinessUnit == branch).OrderBy(f => f.CreatedAt).FirstAsync();
        db.Facilities.Add(new Facility { Id = id, Name = "Benchmark " + branch, JdeBusinessUnit = branch, JdeLinkedAt = now, CreatedAt = now, UpdatedAt = now });
        var products = await db.Products.AsNoTracking().Where(p => p.FacilityId == source.Id).ToListAsync();
        db.Products.AddRange(products.Select(p => new Product
        {
            Id = id + "_" + p.Id, FacilityId = id, ProductName = p.ProductName, InventoryUnit = p.InventoryUnit, ProductCategory = p.ProductCategory,
            JdeShortItemNumber = p.JdeShortItemNumber, JdeSecondItemNumber = p.JdeSecondItemNumber, JdeBranchPlant = p.JdeBranchPlant,
            Conversions = p.Conversions, CreatedAt = now, UpdatedAt = now,
        }));
        created.Add((branch, id));
    }

    await db.SaveChangesAsync();
    return created;
}

/// <summary>
/// The baseline: every row in one binary COPY into a table of jde_cardex's shape, then committed. With allThree (mode
/// copy3, the structural floor), also a movement and a lake outbox row per ledger row into tables shaped like
/// bakery_ops_movements and lake_outbox (their indexes, no foreign keys), as the apply writes them.
/// </summary>
static class RawCopy
{
    public static async Task<long> CopyAsync(string connectionString, List<JdeCardexRow> rows, string table, bool allThree = false)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var creates = allThree
            ? $"CREATE TABLE {table} (LIKE jde_cardex INCLUDING DEFAULTS INCLUDING INDEXES); " +
              $"CREATE TABLE {table}_movements (LIKE bakery_ops_movements INCLUDING DEFAULTS INCLUDING INDEXES); " +
              $"CREATE TABLE {table}_outbox (LIKE lake_outbox INCLUDING DEFAULTS INCLUDING INDEXES INCLUDING IDENTITY)"
            : $"CREATE TABLE {table} (LIKE jde_cardex INCLUDING DEFAULTS INCLUDING INDEXES)";
        await using (var create = new NpgsqlCommand(creates, connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var runId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table} (facility_id, ukid, short_item_number, second_item_number, business_unit, location, lot, document_number, " +
            "document_type, transaction_date, written_at, quantity, unit, explanation, outcome, back_dated, movement_id, run_id, mirrored_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync("bench_" + row.BusinessUnit.Trim(), NpgsqlDbType.Varchar);
                await importer.WriteAsync(row.Ukid, NpgsqlDbType.Bigint);
                await importer.WriteAsync(row.ShortItemNumber, NpgsqlDbType.Integer);
                await importer.WriteAsync(row.SecondItemNumber, NpgsqlDbType.Varchar);
                await importer.WriteAsync(row.BusinessUnit, NpgsqlDbType.Varchar);
                await importer.WriteAsync(row.Location, NpgsqlDbType.Varchar);
                await importer.WriteAsync(row.Lot, NpgsqlDbType.Varchar);
                await importer.WriteAsync(row.DocumentNumber, NpgsqlDbType.Bigint);
                await importer.WriteAsync(row.DocumentType, NpgsqlDbType.Varchar);
                await importer.WriteAsync(row.TransactionDate, NpgsqlDbType.Date);
                await importer.WriteAsync(new DateTimeOffset(row.UpdatedDate.ToDateTime(row.UpdatedTime ?? TimeOnly.MinValue), TimeSpan.Zero), NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(row.Quantity, NpgsqlDbType.Numeric);
                await importer.WriteAsync(row.Unit, NpgsqlDbType.Varchar);
                await importer.WriteAsync(row.Explanation, NpgsqlDbType.Varchar);
                await importer.WriteAsync("Applied", NpgsqlDbType.Varchar);
                await importer.WriteAsync(false, NpgsqlDbType.Boolean);
                await importer.WriteNullAsync();
                await importer.WriteAsync(runId, NpgsqlDbType.Uuid);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await importer.CompleteAsync();
        }

        if (allThree)
        {
            await CopyMovementsAndOutboxAsync(connection, rows, table, now);
        }

        await transaction.CommitAsync();
        return rows.Count;
    }

    private static async Task CopyMovementsAndOutboxAsync(NpgsqlConnection connection, List<JdeCardexRow> rows, string table, DateTimeOffset now)
    {
        await using (var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table}_movements (id, facility_id, product_id, batch_number, lot_number, quantity, unit, inventory_quantity, adjustment_type, " +
            "reason, adjustment_date, source, jde_ledger_key, created_by, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync("mov_" + Guid.CreateVersion7().ToString("N"), NpgsqlDbType.Varchar);
                await importer.WriteAsync("bench_" + row.BusinessUnit.Trim(), NpgsqlDbType.Varchar);
                await importer.WriteAsync($"prod_{row.BusinessUnit.Trim()}_{row.ShortItemNumber}", NpgsqlDbType.Varchar);
                await importer.WriteAsync(row.Lot, NpgsqlDbType.Varchar);
                await importer.WriteAsync(row.Lot, NpgsqlDbType.Varchar);
                await importer.WriteAsync(row.Quantity, NpgsqlDbType.Numeric);
                await importer.WriteAsync(row.Unit, NpgsqlDbType.Varchar);
                await importer.WriteAsync(row.Quantity, NpgsqlDbType.Numeric);
                await importer.WriteAsync("RECEIPT", NpgsqlDbType.Varchar);
                await importer.WriteAsync($"JD Edwards {row.DocumentType} {row.DocumentNumber}", NpgsqlDbType.Varchar);
                await importer.WriteAsync(new DateTimeOffset(row.TransactionDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), NpgsqlDbType.TimestampTz);
                await importer.WriteAsync("Jde", NpgsqlDbType.Varchar);
                await importer.WriteAsync(row.Ukid.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
                await importer.WriteAsync("jde-sync", NpgsqlDbType.Varchar);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await importer.CompleteAsync();
        }

        await using (var importer = await connection.BeginBinaryImportAsync($"COPY {table}_outbox (created_at, dataset, payload_json) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await importer.WriteAsync("bakery_ops_movements", NpgsqlDbType.Varchar);
                // A payload the size of a movement's outbox row.
                await importer.WriteAsync(
                    $$"""{"id":"mov_{{Guid.CreateVersion7():N}}","facilityId":"bench_{{row.BusinessUnit.Trim()}}","productId":"prod_{{row.ShortItemNumber}}","batchNumber":"{{row.Lot}}","lotNumber":"{{row.Lot}}","vesselCode":null,"quantity":{{row.Quantity.ToString(CultureInfo.InvariantCulture)}},"unit":"{{row.Unit}}","inventoryQuantity":{{row.Quantity.ToString(CultureInfo.InvariantCulture)}},"movementType":"RECEIPT","reason":"JD Edwards {{row.DocumentType}} {{row.DocumentNumber}}","adjustmentDate":"{{row.TransactionDate:yyyy-MM-dd}}T00:00:00+00:00","source":"JDE","jdeLedgerKey":"{{row.Ukid}}","createdBy":"jde-sync","createdAt":"{{now:O}}"}""",
                    NpgsqlDbType.Text);
            }

            await importer.CompleteAsync();
        }
    }
}

/// <summary>When the current run began its first lake write, which ends its apply stage.</summary>
sealed class LakeStartMark
{
    public long? StartedAt { get; private set; }

    public void Reset() => StartedAt = null;

    public void Started() => StartedAt ??= Stopwatch.GetTimestamp();
}

sealed class MarkingLakeWriter(ILakeWriter inner, LakeStartMark mark) : ILakeWriter
{
    public Task<LakeWriteResult> WriteRecordsAsync(
        string dataset, IReadOnlyList<IReadOnlyDictionary<string, object?>> records, LakeRun run, CancellationToken cancellationToken)
    {
        mark.Started();
        return inner.WriteRecordsAsync(dataset, records, run, cancellationToken);
    }

    public Task<LakeWriteResult> WriteAsync<T>(LakeTable<T> table, IAsyncEnumerable<T> rows, LakeRun run, CancellationToken cancellationToken)
    {
        mark.Started();
        return inner.WriteAsync(table, rows, run, cancellationToken);
    }

    public Task<LakeWriteResult> WriteAsync<T>(LakeTable<T> table, IReadOnlyList<T> rows, LakeRun run, CancellationToken cancellationToken)
    {
        mark.Started();
        return inner.WriteAsync(table, rows, run, cancellationToken);
    }
}

static class Decoration
{
    /// <summary>The lake writer wrapped so that the apply mode sees when a run reaches its lake write.</summary>
    public static void DecorateLakeWriter(this IServiceCollection services, LakeStartMark mark)
    {
        services.AddSingleton<LakeWriter>();
        services.Replace(ServiceDescriptor.Singleton<ILakeWriter>(sp => new MarkingLakeWriter(sp.GetRequiredService<LakeWriter>(), mark)));
    }
}

sealed class PeakHeapSampler : IDisposable
{
    private readonly Timer _timer;
    private long _peak;

    public PeakHeapSampler() => _timer = new Timer(_ => Sample(), null, 0, 2);

    public long PeakBytes
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _peak);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var now = GC.GetTotalMemory(false);
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }
    }
}
