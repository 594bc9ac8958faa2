using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Infrastructure.Lake.Writing;

/// <summary>Heap figures are process-wide, so these run alone, never beside another test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LakeMemoryCollection
{
    public const string Name = "Lake writer memory";
}

/// <summary>
/// A streamed run of a million ledger rows keeps the managed heap far below the size of its data. The bound is
/// deliberately generous (a quarter of the data, against about a tenth used); the real figures are in docs/benchmarks.md.
/// </summary>
public abstract class LakeWriterMemoryTests(DatabaseProvider provider) : LakeWriterTestBase(provider)
{
    private const long Rows = 1_000_000;

    [Fact]
    public async Task WriteAsync_WhenAMillionRowsStream_ThenTheManagedHeapStaysFarBelowTheData()
    {
        var dataBytes = 0L;
        for (long i = 0; i < 1_000; i++)
        {
            dataBytes += Size(LedgerRows.Row(i));
        }

        dataBytes = dataBytes * (Rows / 1_000);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;

        // Row groups of 25,000 rows: the live heap is about one row group plus one upload part, whatever the run's size,
        // so the bound below keeps a wide margin while a writer that held the run (or many row groups) fails it.
        var writer = NewWriter(new LakeWriterOptions { RowGroupSize = 25_000 });
        var result = await writer.WriteAsync(LedgerRows.Table("cardex_changes"), Sampled(LedgerRows.Generate(Rows)), NewRun(), default);

        result.Rows.Should().Be(Rows);
        (await NewVerifier().VerifyAsync(result.ManifestKey, default)).Valid.Should().BeTrue();
        (peak - baseline).Should().BeLessThan(dataBytes / 4, $"the data is {dataBytes / 1_048_576} MB in memory; the live heap grew by {(peak - baseline) / 1_048_576} MB at most");

        async IAsyncEnumerable<LedgerRow> Sampled(IAsyncEnumerable<LedgerRow> rows)
        {
            long n = 0;
            await foreach (var row in rows)
            {
                // A full collection at each sample measures what is alive, not garbage that the next gen-0 pass frees.
                if (++n % 50_000 == 0)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                }

                yield return row;
            }
        }
    }

    /// <summary>What a row costs held in memory: object headers, fields and its strings (UTF-16).</summary>
    private static long Size(LedgerRow row) =>
        16 + (8 * 14) + new[] { row.ItemNumber, row.BusinessUnit, row.Location, row.Lot, row.DocType, row.Unit, row.Explanation }
            .Sum(s => s is null ? 0 : 22 + (2L * s.Length));
}

[Trait("Category", "Sqlite")]
[Collection(LakeMemoryCollection.Name)]
public sealed class FolderLakeWriterMemoryTests : LakeWriterMemoryTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"bakeryops-lakewriter-memory-{Guid.NewGuid():N}");

    public FolderLakeWriterMemoryTests()
        : base(DatabaseProvider.Sqlite) => Store = new FolderLakeStore(_folder);

    protected override ILakeStore Store { get; }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

[Trait("Category", "S3")]
[Trait("Category", "Postgres")]
[Collection(LakeMemoryCollection.Name)]
public sealed class S3LakeWriterMemoryTests(S3TestBucket bucket) : LakeWriterMemoryTests(DatabaseProvider.Postgres), IClassFixture<S3TestBucket>
{
    protected override ILakeStore Store { get; } = S3TestStores.Create(bucket);
}
