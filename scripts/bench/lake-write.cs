// Benchmark of issue 5: write ledger-shaped rows to the lake through LakeWriter (folder store, SQLite registry and
// dispatch logs), and the same rows with Parquet.Net directly (same columns, row groups and compression) to a local
// file as the baseline. Run by scripts/benchmark-lake.sh, one mode per process so that peak figures belong to that
// mode alone:
//   dotnet run -c Release scripts/bench/lake-write.cs -- <mode> <rows> <work folder> <row group size> <snappy|zstd>
// mode: lake     LakeWriter.WriteAsync of a LakeTable streamed from a generator (registry, upload, manifest, dispatch log)
//       direct   ParquetWriter with explicit DataFields, column arrays filled per row group, written to a FileStream
// Prints one tab-separated line: mode seconds rows peakWorkingSetMB peakHeapMB allocatedMB fileMB
#:project ../../BakeryOps.Infrastructure/BakeryOps.Infrastructure.csproj
#:property Nullable=enable
#:property PublishAot=false
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using BakeryOps.Infrastructure.Lake;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Schemas;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Parquet;
using Parquet.Schema;

var (mode, rows, work, rowGroupSize, compression) = (args[0], long.Parse(args[1], CultureInfo.InvariantCulture), args[2],
    int.Parse(args[3], CultureInfo.InvariantCulture), Enum.Parse<LakeCompression>(args[4], ignoreCase: true));
Directory.CreateDirectory(work);

IDbContextFactory<BakeryOpsDbContext>? contexts = null;
if (mode == "lake")
{
    // The database is set up before the clock starts: migrations are not part of a write.
    contexts = new SqliteContexts($"Data Source={Path.Combine(work, "bench.db")}");
    await using var db = await contexts.CreateDbContextAsync();
    await db.Database.MigrateAsync();
}

using var sampler = new PeakHeapSampler();
var watch = Stopwatch.StartNew();
long fileBytes;
switch (mode)
{
    case "lake":
        {
            var lake = Options.Create(new LakeOptions { Prefix = "jde-ingestion" });
            var store = new FolderLakeStore(Path.Combine(work, "lake"));
            var registry = new SchemaRegistry(contexts!, store, lake, TimeProvider.System, NullLogger<SchemaRegistry>.Instance);
            var writer = new LakeWriter(store, registry, contexts!, new LakeRunGate(), lake,
                Options.Create(new LakeWriterOptions { RowGroupSize = rowGroupSize, Compression = compression, MaxRowsPerFile = Math.Max(rows, rowGroupSize) }),
                TimeProvider.System, NullLogger<LakeWriter>.Instance);
            var result = await writer.WriteAsync(Ledger.Table(), Ledger.Generate(rows), new LakeRun(Guid.NewGuid(), "benchmark"), default);
            if (result.Rows != rows)
            {
                throw new InvalidOperationException($"Wrote {result.Rows} rows, expected {rows}.");
            }

            fileBytes = result.Files.Sum(f => f.Size);
            break;
        }

    case "direct":
        fileBytes = await Direct.WriteAsync(Path.Combine(work, "direct.parquet"), rows, rowGroupSize, compression);
        break;
    default:
        throw new ArgumentException($"Unknown mode {mode}.");
}

watch.Stop();
using var self = Process.GetCurrentProcess();
self.Refresh();
Console.WriteLine(string.Join('\t', mode, watch.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture), rows,
    self.PeakWorkingSet64 / 1048576, sampler.PeakBytes / 1048576, GC.GetTotalAllocatedBytes() / 1048576,
    (fileBytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture)));

/// <summary>The cardex columns plus loaded_at; rows are made one at a time from their index, the same in both modes.</summary>
sealed record LedgerRow(
    long Ukid, long ShortItem, string ItemNumber, string BusinessUnit, string Location, string? Lot, long DocNumber, string DocType,
    DateOnly TransactionDate, DateTimeOffset UpdatedAt, decimal Quantity, string Unit, string? Explanation, DateTimeOffset LoadedAt);

static class Ledger
{
    private static readonly DateTimeOffset Loaded = new(2026, 11, 26, 6, 0, 0, TimeSpan.Zero);

    public static LakeTable<LedgerRow> Table() => new LakeTable<LedgerRow>("cardex_changes")
        .Int64("ukid", r => r.Ukid)
        .Int64("short_item", r => r.ShortItem)
        .String("item_number", r => r.ItemNumber, nullable: false)
        .String("business_unit", r => r.BusinessUnit, nullable: false)
        .String("location", r => r.Location, nullable: false)
        .String("lot", r => r.Lot)
        .Int64("doc_number", r => r.DocNumber)
        .String("doc_type", r => r.DocType, nullable: false)
        .Date("transaction_date", r => r.TransactionDate)
        .Timestamp("updated_at", r => r.UpdatedAt)
        .Decimal("quantity", 18, 6, r => r.Quantity)
        .String("unit", r => r.Unit, nullable: false)
        .String("explanation", r => r.Explanation)
        .Timestamp("loaded_at", r => r.LoadedAt);

    public static LedgerRow Row(long i) => new(
        1_000_000 + i,
        60_000 + (i % 500),
        $"FG-{i % 500:D5}",
        (1110 + (i % 3) * 10).ToString(CultureInfo.InvariantCulture),
        $"A{i % 40:D2}-{i % 7}",
        i % 4 == 0 ? null : $"LOT{i % 9973:D6}",
        500_000 + (i / 3),
        (i % 5) switch { 0 => "IC", 1 => "IM", 2 => "IT", 3 => "OV", _ => "SO" },
        new DateOnly(2026, 1, 1).AddDays((int)(i % 330)),
        Loaded.AddSeconds(-(i % 86_400)),
        ((i % 2_000) - 1_000) * 1.000125m,
        i % 3 == 0 ? "EA" : "KG",
        i % 10 == 0 ? null : $"Movement {i} of batch {i % 1_000}",
        Loaded);

    public static async IAsyncEnumerable<LedgerRow> Generate(long count)
    {
        for (long i = 0; i < count; i++)
        {
            yield return Row(i);
        }

        await Task.CompletedTask;
    }
}

/// <summary>The baseline: what a hand-written Parquet.Net writer of these columns does, with nothing around it.</summary>
static class Direct
{
    public static async Task<long> WriteAsync(string path, long rows, int rowGroupSize, LakeCompression compression)
    {
        var f = new
        {
            Ukid = new DataField<long>("ukid", false), ShortItem = new DataField<long>("short_item", false),
            Item = new DataField<string>("item_number", false), Branch = new DataField<string>("business_unit", false),
            Location = new DataField<string>("location", false), Lot = new DataField<string>("lot", true),
            Doc = new DataField<long>("doc_number", false), DocType = new DataField<string>("doc_type", false),
            Date = new DataField<DateOnly>("transaction_date", false),
            Updated = new DateTimeDataField("updated_at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false),
            Quantity = new DecimalDataField("quantity", 18, 6, isNullable: false), Unit = new DataField<string>("unit", false),
            Explanation = new DataField<string>("explanation", true),
            Loaded = new DateTimeDataField("loaded_at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false),
        };
        var schema = new ParquetSchema(f.Ukid, f.ShortItem, f.Item, f.Branch, f.Location, f.Lot, f.Doc, f.DocType, f.Date, f.Updated, f.Quantity, f.Unit, f.Explanation, f.Loaded);
        var options = new ParquetOptions
        {
            CompressionMethod = compression == LakeCompression.Zstd ? CompressionMethod.Zstd : CompressionMethod.Snappy,
            CompressionLevel = CompressionLevel.Fastest,
        };
        var (ukid, shortItem, doc) = (new long[rowGroupSize], new long[rowGroupSize], new long[rowGroupSize]);
        var (item, branch, location, lot, docType, unit, explanation) = (new string?[rowGroupSize], new string?[rowGroupSize], new string?[rowGroupSize],
            new string?[rowGroupSize], new string?[rowGroupSize], new string?[rowGroupSize], new string?[rowGroupSize]);
        var (date, updated, quantity, loaded) = (new DateOnly[rowGroupSize], new DateTime[rowGroupSize], new decimal[rowGroupSize], new DateTime[rowGroupSize]);

        await using var file = File.Create(path);
        await using (var writer = await ParquetWriter.CreateAsync(schema, file, options))
        {
            var n = 0;
            async Task FlushAsync()
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<long>(f.Ukid, ukid.AsMemory(0, n));
                await group.WriteAsync<long>(f.ShortItem, shortItem.AsMemory(0, n));
                await group.WriteAsync(f.Item, new ArraySegment<string>(item!, 0, n));
                await group.WriteAsync(f.Branch, new ArraySegment<string>(branch!, 0, n));
                await group.WriteAsync(f.Location, new ArraySegment<string>(location!, 0, n));
                await group.WriteAsync(f.Lot, new ArraySegment<string>(lot!, 0, n));
                await group.WriteAsync<long>(f.Doc, doc.AsMemory(0, n));
                await group.WriteAsync(f.DocType, new ArraySegment<string>(docType!, 0, n));
                await group.WriteAsync<DateOnly>(f.Date, date.AsMemory(0, n));
                await group.WriteAsync<DateTime>(f.Updated, updated.AsMemory(0, n));
                await group.WriteAsync<decimal>(f.Quantity, quantity.AsMemory(0, n));
                await group.WriteAsync(f.Unit, new ArraySegment<string>(unit!, 0, n));
                await group.WriteAsync(f.Explanation, new ArraySegment<string>(explanation!, 0, n));
                await group.WriteAsync<DateTime>(f.Loaded, loaded.AsMemory(0, n));
                n = 0;
            }

            for (long i = 0; i < rows; i++)
            {
                var r = Ledger.Row(i);
                (ukid[n], shortItem[n], item[n], branch[n], location[n], lot[n], doc[n], docType[n]) =
                    (r.Ukid, r.ShortItem, r.ItemNumber, r.BusinessUnit, r.Location, r.Lot, r.DocNumber, r.DocType);
                (date[n], updated[n], quantity[n], unit[n], explanation[n], loaded[n]) =
                    (r.TransactionDate, r.UpdatedAt.UtcDateTime, r.Quantity, r.Unit, r.Explanation, r.LoadedAt.UtcDateTime);
                if (++n == rowGroupSize)
                {
                    await FlushAsync();
                }
            }

            if (n > 0)
            {
                await FlushAsync();
            }
        }

        return file.Length;
    }
}

sealed class SqliteContexts(string connectionString) : IDbContextFactory<BakeryOpsDbContext>
{
    public BakeryOpsDbContext CreateDbContext() =>
        new SqliteBakeryOpsDbContext(new DbContextOptionsBuilder<SqliteBakeryOpsDbContext>().UseSqlite(connectionString).Options);
}

/// <summary>The managed heap's high-water mark, sampled every 2 ms (GC.GetTotalMemory without forcing a collection).</summary>
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
