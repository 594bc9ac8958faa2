using System.Text;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Lake;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;

namespace BakeryOps.Tests.Infrastructure.Lake.Writing;

/// <summary>The lake writer and verifier, one suite run on the folder store and on the S3 server.</summary>
public abstract class LakeWriterTests(DatabaseProvider provider) : LakeWriterTestBase(provider)
{
    private const string Dataset = "cardex_changes";

    [Fact]
    public async Task WriteAsync_WhenATableDeclaresEveryType_ThenDuckDbReadsIdenticalValuesAndTypes()
    {
        var rows = TypedRow.Samples();

        var result = await NewWriter().WriteAsync(TypedRow.Table(Dataset), rows.ToAsyncEnumerable(), NewRun(), default);

        result.Files.Should().ContainSingle().Which.Key.Should().StartWith($"{Prefix}/{Dataset}/year=2026/month=11/day=26/{Dataset}_20261126_063015_");
        var source = LakeDuckDb.Source(await DownloadLakeAsync(), Prefix, Dataset);
        LakeDuckDb.Describe(source).Should().Equal(new Dictionary<string, string>
        {
            ["id"] = "INTEGER",
            ["flag"] = "BOOLEAN",
            ["maybe_flag"] = "BOOLEAN",
            ["ukid"] = "BIGINT",
            ["quantity"] = "DECIMAL(18,6)",
            ["maybe_quantity"] = "DECIMAL(18,6)",
            ["explanation"] = "VARCHAR",
            ["transaction_date"] = "DATE",
            ["maybe_date"] = "DATE",
            ["updated_at"] = "TIMESTAMP WITH TIME ZONE",
            ["maybe_updated_at"] = "TIMESTAMP WITH TIME ZONE",
            ["detail"] = "VARCHAR",
            ["tags"] = "VARCHAR",
            ["year"] = "INTEGER",
            ["month"] = "INTEGER",
            ["day"] = "INTEGER",
        });

        var read = LakeDuckDb.Query($"SELECT * FROM {source} ORDER BY id");
        read.Should().HaveCount(rows.Length);
        foreach (var (row, back) in rows.Zip(read))
        {
            back["id"].Should().Be(row.Id);
            back["flag"].Should().Be(row.Flag);
            back["maybe_flag"].Should().Be(row.MaybeFlag);
            back["ukid"].Should().Be(row.Ukid);
            back["quantity"].Should().BeOfType<decimal>().Which.Should().Be(row.Quantity);
            back["maybe_quantity"].Should().Be(row.MaybeQuantity);
            back["explanation"].Should().Be(row.Explanation);
            back["transaction_date"].Should().Be(row.TransactionDate);
            back["maybe_date"].Should().Be(row.MaybeDate);
            LakeDuckDb.AsUtcInstant(back["updated_at"]).Should().Be(row.UpdatedAt);
            (back["maybe_updated_at"] is null ? (DateTimeOffset?)null : LakeDuckDb.AsUtcInstant(back["maybe_updated_at"])).Should().Be(row.MaybeUpdatedAt);
            back["detail"].Should().Be(row.ExpectedDetailJson);
            back["tags"].Should().Be(row.ExpectedTagsJson);
            (back["year"], back["month"], back["day"]).Should().Be((2026, 11, 26));
        }
    }

    [Fact]
    public async Task WriteRecordsAsync_WhenALaterBatchIsNarrowerInOneFieldAndAddsAnother_ThenItIsWrittenWithTheWidenedRegisteredTypes()
    {
        IReadOnlyDictionary<string, object?>[] first =
        [
            new Dictionary<string, object?> { ["id"] = 9_000_000_001L, ["price"] = 123.45m },
        ];
        IReadOnlyDictionary<string, object?>[] second =
        [
            new Dictionary<string, object?> { ["id"] = 2, ["price"] = 1.5m, ["lot"] = "L1" },
        ];

        var v1 = await NewWriter().WriteRecordsAsync("widening_flow", first, NewRun(), default);
        var v2 = await NewWriter().WriteRecordsAsync("widening_flow", second, NewRun(), default);

        v1.SchemaVersion.Should().Be(1);
        v2.SchemaVersion.Should().Be(2);
        // Files of an evolving dataset differ in columns, so readers union them by name, as Athena and Spark do.
        var source = LakeDuckDb.Source(await DownloadLakeAsync(), Prefix, "widening_flow").Replace("hive_partitioning=true", "union_by_name=true, hive_partitioning=true", StringComparison.Ordinal);
        var types = LakeDuckDb.Describe(source);
        types["id"].Should().Be("BIGINT");
        types["price"].Should().Be("DECIMAL(5,2)");
        var rows = LakeDuckDb.Query($"SELECT id, price, lot FROM {source} ORDER BY id");
        rows.Select(r => r["id"]).Should().Equal(2L, 9_000_000_001L);
        rows.Select(r => r["price"]).Should().Equal(1.5m, 123.45m);
        rows.Select(r => r["lot"]).Should().Equal(new object?[] { "L1", null });
    }

    [Fact]
    public async Task WriteRecordsAsync_WhenAFieldMixesKinds_ThenItIsAStringColumnOfEachValuesInvariantText()
    {
        using var json = System.Text.Json.JsonDocument.Parse("""{"n": 7}""");
        IReadOnlyDictionary<string, object?>[] records =
        [
            new Dictionary<string, object?> { ["id"] = 1, ["mixed"] = 1.5m },
            new Dictionary<string, object?> { ["id"] = 2, ["mixed"] = "x" },
            new Dictionary<string, object?> { ["id"] = 3, ["mixed"] = true },
            new Dictionary<string, object?> { ["id"] = 4, ["mixed"] = new DateOnly(2026, 11, 26) },
            new Dictionary<string, object?> { ["id"] = 5, ["mixed"] = json.RootElement.GetProperty("n") },
        ];

        await NewWriter().WriteRecordsAsync("mixed_kinds", records, NewRun(), default);

        var source = LakeDuckDb.Source(await DownloadLakeAsync(), Prefix, "mixed_kinds");
        LakeDuckDb.Describe(source)["mixed"].Should().Be("VARCHAR");
        LakeDuckDb.Query($"SELECT mixed FROM {source} ORDER BY id").Select(r => r["mixed"]).Should().Equal("1.5", "x", "true", "2026-11-26", "7");
    }

    [Fact]
    public async Task WriteRecordsAsync_WhenRecordsHoldEveryType_ThenDuckDbReadsIdenticalValuesAndTheEmptyObjectAsBraces()
    {
        var updated = new DateTimeOffset(2026, 11, 25, 23, 59, 59, TimeSpan.FromHours(-5)).AddTicks(1_234_560);
        IReadOnlyDictionary<string, object?>[] records =
        [
            new Dictionary<string, object?>
            {
                ["id"] = 1, ["ok"] = true, ["ukid"] = 9_000_000_001L, ["qty"] = -12.345678m, ["text"] = "Crème brûlée – 焼き菓子 🥐",
                ["on_day"] = new DateOnly(2026, 2, 28), ["at"] = updated, ["meta"] = new Dictionary<string, object?>(), ["list"] = new List<object?> { 1, "a" },
            },
            new Dictionary<string, object?>
            {
                ["id"] = 2, ["ok"] = false, ["ukid"] = -5L, ["qty"] = 0.5m, ["text"] = "",
                ["on_day"] = new DateOnly(1999, 12, 31), ["at"] = T0, ["meta"] = new Dictionary<string, object?> { ["z"] = 1, ["a"] = new Dictionary<string, object?>() }, ["list"] = new List<object?>(),
            },
            new Dictionary<string, object?> { ["id"] = 3, ["ok"] = null, ["ukid"] = 7L, ["qty"] = null, ["text"] = null, ["on_day"] = null, ["at"] = null, ["meta"] = null },
        ];

        var result = await NewWriter().WriteRecordsAsync("bakery_ops_movements", records, NewRun(), default);

        result.Rows.Should().Be(3);
        var source = LakeDuckDb.Source(await DownloadLakeAsync(), Prefix, "bakery_ops_movements");
        var types = LakeDuckDb.Describe(source);
        types["ok"].Should().Be("BOOLEAN");
        types["qty"].Should().StartWith("DECIMAL(");
        types["on_day"].Should().Be("DATE");
        types["at"].Should().Be("TIMESTAMP WITH TIME ZONE");
        var read = LakeDuckDb.Query($"SELECT * FROM {source} ORDER BY id");
        read[0]["ok"].Should().Be(true);
        read[0]["ukid"].Should().Be(9_000_000_001L);
        read[0]["qty"].Should().Be(-12.345678m);
        read[0]["text"].Should().Be("Crème brûlée – 焼き菓子 🥐");
        read[0]["on_day"].Should().Be(new DateOnly(2026, 2, 28));
        LakeDuckDb.AsUtcInstant(read[0]["at"]).Should().Be(new DateTimeOffset(2026, 11, 26, 4, 59, 59, TimeSpan.Zero).AddTicks(1_234_560));
        read[0]["meta"].Should().Be("{}");
        read[0]["list"].Should().Be("[1,\"a\"]");
        read[1]["qty"].Should().Be(0.5m);
        read[1]["text"].Should().Be("");
        read[1]["meta"].Should().Be("{\"a\":{},\"z\":1}");
        read[1]["list"].Should().Be("[]");
        read[2].Where(c => c.Key is not ("id" or "ukid" or "year" or "month" or "day")).Should().OnlyContain(c => c.Value == null);
    }

    [Fact]
    public async Task WriteAsync_WhenTwoRunsOfOneDatasetFallInTheSameSecond_ThenTwoFilesTwoManifestsAndTwoDispatchLogs()
    {
        var writer = NewWriter();

        var first = await writer.WriteAsync(TypedRow.Table(Dataset), TypedRow.Samples().ToAsyncEnumerable(), NewRun(), default);
        var second = await writer.WriteAsync(TypedRow.Table(Dataset), TypedRow.Samples().ToAsyncEnumerable(), NewRun(), default);

        first.Files.Single().Key.Should().NotBe(second.Files.Single().Key);
        first.ManifestKey.Should().NotBe(second.ManifestKey);
        (await KeysAsync(Dataset + "/")).Should().HaveCount(2);
        var source = LakeDuckDb.Source(await DownloadLakeAsync(), Prefix, Dataset);
        LakeDuckDb.Query($"SELECT count(*) AS n FROM {source}").Single()["n"].Should().Be(2L * TypedRow.Samples().Length);
        (await DispatchLogsAsync()).Select(d => d.ObjectKey).Should().Equal(first.Files[0].Key, second.Files[0].Key);
    }

    [Fact]
    public async Task WriteAsync_WhenARunCompletes_ThenItsDispatchLogAndManifestDescribeTheFile()
    {
        var run = NewRun("F4111 UKID 1..3");

        var result = await NewWriter().WriteAsync(TypedRow.Table(Dataset), TypedRow.Samples().ToAsyncEnumerable(), run, default);

        var file = result.Files.Single();
        var bytes = await ReadAsync(file.Key);
        file.Size.Should().Be(bytes.Length);
        file.Sha256.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        var log = (await DispatchLogsAsync()).Should().ContainSingle().Subject;
        (log.Dataset, log.ObjectKey, log.RowCount, log.SizeBytes, log.Sha256, log.RunId, log.PartitionDate, log.CreatedAt)
            .Should().Be((Dataset, file.Key, 3L, file.Size, file.Sha256, run.RunId, new DateOnly(2026, 11, 26), T0));
        result.ManifestKey.Should().StartWith($"{Prefix}/{LakeKeys.ManifestFolder}/{Dataset}/{Dataset}_20261126_063015_").And.EndWith(".json");
        var manifest = LakeManifest.Parse(await ReadAsync(result.ManifestKey));
        manifest.Should().BeEquivalentTo(new
        {
            RunId = run.RunId, Dataset, SchemaVersion = result.SchemaVersion, SourceRange = "F4111 UKID 1..3", TotalRows = 3L,
            Files = new[] { new LakeManifestFile(file.Key, 3, file.Size, file.Sha256) },
            CreatedAt = T0, PreviousManifestKey = (string?)null, PreviousManifestSha256 = (string?)null,
        });
    }

    [Fact]
    public async Task VerifyAsync_WhenNothingChanged_ThenTheManifestVerifies()
    {
        var result = await NewWriter().WriteAsync(TypedRow.Table(Dataset), TypedRow.Samples().ToAsyncEnumerable(), NewRun(), default);

        var verification = await NewVerifier().VerifyAsync(result.ManifestKey, default);

        verification.Valid.Should().BeTrue(string.Join("; ", verification.Problems));
        verification.Files.Should().ContainSingle().Which.Should().Match<LakeFileVerification>(f => f.Present && f.SizeMatches && f.Sha256Matches);
        verification.Chain.IsFirst.Should().BeTrue();
        verification.ManifestSha256.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await ReadAsync(result.ManifestKey))));
    }

    [Fact]
    public async Task VerifyAsync_WhenOneByteOfAFileChanged_ThenTheFileFailsOnItsSha256()
    {
        var result = await NewWriter().WriteAsync(TypedRow.Table(Dataset), TypedRow.Samples().ToAsyncEnumerable(), NewRun(), default);
        var key = result.Files[0].Key;
        var bytes = await ReadAsync(key);
        bytes[bytes.Length / 2] ^= 0x01;
        await ReplaceAsync(key, bytes);

        var verification = await NewVerifier().VerifyAsync(result.ManifestKey, default);

        verification.Valid.Should().BeFalse();
        var file = verification.Files.Single();
        (file.Present, file.SizeMatches, file.Sha256Matches).Should().Be((true, true, false));
        verification.Problems.Should().ContainSingle().Which.Should().Contain(key).And.Contain("SHA-256");
    }

    [Fact]
    public async Task VerifyAsync_WhenAFileWasDeleted_ThenItIsReportedMissing()
    {
        var result = await NewWriter().WriteAsync(TypedRow.Table(Dataset), TypedRow.Samples().ToAsyncEnumerable(), NewRun(), default);
        await Store.DeleteAsync(result.Files[0].Key, default);

        var verification = await NewVerifier().VerifyAsync(result.ManifestKey, default);

        verification.Valid.Should().BeFalse();
        verification.Files.Single().Present.Should().BeFalse();
        verification.Problems.Should().ContainSingle().Which.Should().EndWith("missing");
    }

    [Fact]
    public async Task VerifyAsync_WhenTwoRunsFollowEachOther_ThenTheSecondLinksToTheFirstAndAChangedFirstBreaksTheLink()
    {
        var first = await NewWriter().WriteAsync(TypedRow.Table(Dataset), TypedRow.Samples().ToAsyncEnumerable(), NewRun(), default);
        // A writer with a gate of its own (as after a restart) finds the previous manifest in the store, not in memory.
        var second = await NewWriter(gate: new LakeRunGate()).WriteAsync(TypedRow.Table(Dataset), TypedRow.Samples().ToAsyncEnumerable(), NewRun(), default);

        var linked = await NewVerifier().VerifyAsync(second.ManifestKey, default);
        linked.Valid.Should().BeTrue(string.Join("; ", linked.Problems));
        linked.Chain.PreviousManifestKey.Should().Be(first.ManifestKey);
        linked.Chain.ActualPreviousSha256.Should().Be((await NewVerifier().VerifyAsync(first.ManifestKey, default)).ManifestSha256);

        var firstBytes = await ReadAsync(first.ManifestKey);
        await ReplaceAsync(first.ManifestKey, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(firstBytes).Replace("\"totalRows\": 3", "\"totalRows\": 4", StringComparison.Ordinal)));
        var broken = await NewVerifier().VerifyAsync(second.ManifestKey, default);
        broken.Valid.Should().BeFalse();
        broken.Chain.Valid.Should().BeFalse();
        broken.Chain.Problem.Should().Contain(first.ManifestKey).And.Contain("changed");
    }

    [Fact]
    public async Task VerifyAsync_WhenTheKeyIsNoManifest_ThenRequestValidationExceptionAndWhenMissing_ThenNotFoundException()
    {
        var verifier = NewVerifier();

        await verifier.Awaiting(v => v.VerifyAsync($"{Prefix}/../x.json", default)).Should().ThrowAsync<RequestValidationException>();
        await verifier.Awaiting(v => v.VerifyAsync($"{Prefix}/{Dataset}/a.parquet", default)).Should().ThrowAsync<RequestValidationException>();
        await verifier.Awaiting(v => v.VerifyAsync($"{Prefix}/{LakeKeys.ManifestFolder}/{Dataset}/none.json", default)).Should().ThrowAsync<NotFoundException>();
    }

    [Fact]
    public async Task WriteAsync_WhenTheRegistryRefusesTheSchema_ThenLakeSchemaRefusedExceptionAndNothingIsWritten()
    {
        await NewWriter().WriteAsync(TypedRow.Table(Dataset), TypedRow.Samples().ToAsyncEnumerable(), NewRun(), default);
        var keysBefore = await KeysAsync();
        var changed = new LakeTable<TypedRow>(Dataset).Int32("id", r => r.Id).String("ukid", r => r.Ukid.ToString(System.Globalization.CultureInfo.InvariantCulture), nullable: false);

        var refused = await NewWriter().Awaiting(w => w.WriteAsync(changed, TypedRow.Samples().ToAsyncEnumerable(), NewRun(), default))
            .Should().ThrowAsync<LakeSchemaRefusedException>();

        refused.Which.Dataset.Should().Be(Dataset);
        refused.Which.Reasons.Should().NotBeEmpty();
        (await KeysAsync()).Should().Equal(keysBefore);
        (await DispatchLogsAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task WriteAsync_WhenTheRowStreamFailsMidway_ThenNoObjectNoDispatchLogAndNoManifestRemain()
    {
        var writer = NewWriter(new LakeWriterOptions { RowGroupSize = 100, MaxRowsPerFile = 200 });

        var failure = await writer.Awaiting(w => w.WriteAsync(LedgerRows.Table(Dataset), LedgerRows.Generate(1_000, failAfter: 450), NewRun(), default))
            .Should().ThrowAsync<InvalidOperationException>();

        failure.Which.Message.Should().Be("source failed after 450 rows");
        (await KeysAsync()).Should().OnlyContain(k => k.StartsWith($"{Prefix}/{LakeKeys.SchemaFolder}/", StringComparison.Ordinal));
        (await DispatchLogsAsync()).Should().BeEmpty();
        await AssertNoUploadPendingAsync();
    }

    [Fact]
    public async Task WriteAsync_WhenARowHasTooManyDecimals_ThenLakeValueExceptionNamesTheColumnAndNothingIsWritten()
    {
        var table = new LakeTable<decimal>(Dataset).Decimal("quantity", 18, 6, q => q);

        var failure = await NewWriter().Awaiting(w => w.WriteAsync(table, new[] { 1.5m, 0.1234567m }.ToAsyncEnumerable(), NewRun(), default))
            .Should().ThrowAsync<LakeValueException>();

        failure.Which.Column.Should().Be("quantity");
        (await KeysAsync()).Should().OnlyContain(k => k.StartsWith($"{Prefix}/{LakeKeys.SchemaFolder}/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_WhenARunExceedsMaxRowsPerFileAndUsesZstd_ThenItWritesSeveralFilesDuckDbReadsWhole()
    {
        var writer = NewWriter(new LakeWriterOptions { RowGroupSize = 1_000, MaxRowsPerFile = 2_000, Compression = LakeCompression.Zstd });

        var result = await writer.WriteAsync(LedgerRows.Table(Dataset), LedgerRows.Generate(4_500), NewRun(), default);

        result.Files.Select(f => f.Rows).Should().Equal(2_000, 2_000, 500);
        (await DispatchLogsAsync()).Should().HaveCount(3);
        (await NewVerifier().VerifyAsync(result.ManifestKey, default)).Valid.Should().BeTrue();
        var source = LakeDuckDb.Source(await DownloadLakeAsync(), Prefix, Dataset);
        var totals = LakeDuckDb.Query($"SELECT count(*) AS n, count(DISTINCT ukid) AS k, sum(quantity) AS q FROM {source}").Single();
        totals["n"].Should().Be(4_500L);
        totals["k"].Should().Be(4_500L);
        totals["q"].Should().Be(LedgerRows.Generate(4_500).ToBlockingEnumerable().Sum(r => r.Quantity));
    }

    [Fact]
    public async Task WriteRecordsAsync_WhenTheStoreFailsTransientlyOnce_ThenTheRunIsWrittenOnRetry()
    {
        var flaky = new FlakyStore(Store, failuresLeft: 1);
        var writer = NewWriter(new LakeWriterOptions { RetryDelayMilliseconds = 1 }, flaky);
        IReadOnlyDictionary<string, object?>[] records = [new Dictionary<string, object?> { ["id"] = 1L }];

        var result = await writer.WriteRecordsAsync("item_master", records, NewRun(), default);

        flaky.Failures.Should().Be(1);
        (await NewVerifier().VerifyAsync(result.ManifestKey, default)).Valid.Should().BeTrue();
    }

    /// <summary>Nothing half-written lingers in the store's staging area (temporary files, open multipart uploads).</summary>
    protected abstract Task AssertNoUploadPendingAsync();

    /// <summary>The real store, except that the first uploads fail the way a dropped connection does.</summary>
    private sealed class FlakyStore(ILakeStore inner, int failuresLeft) : DelegatingLakeStore(inner)
    {
        public int Failures { get; private set; }

        public override Task<ILakeUpload> BeginUploadAsync(string key, CancellationToken cancellationToken)
        {
            if (key.EndsWith(".parquet", StringComparison.Ordinal) && failuresLeft-- > 0)
            {
                Failures++;
                throw new IOException("Connection reset by peer (injected)");
            }

            return base.BeginUploadAsync(key, cancellationToken);
        }
    }
}
