using BakeryOps.Domain.Lake;

namespace BakeryOps.Tests.Domain.Lake;

public sealed class LakeKeysTests
{
    private const string Prefix = "jde-ingestion";

    /// <summary>Keys a download or preview request must never reach the store with, and the reason given.</summary>
    public static TheoryData<string?, string> RefusedKeys { get; } = new()
    {
        { null, "empty" },
        { "", "empty" },
        { "../x.parquet", "segment" },
        { "jde-ingestion/../x.parquet", "segment" },
        { "jde-ingestion/a/../../x.parquet", "segment" },
        { "jde-ingestion/..", "segment" },
        { "jde-ingestion/./a.parquet", "segment" },
        { "jde-ingestion/.", "segment" },
        { "/etc/passwd", "relative" },
        { "/jde-ingestion/a.parquet", "relative" },
        { "~/a.parquet", "relative" },
        { "C:\\x", "character" },
        { "C:/x", "character" },
        { "\\\\server\\share", "character" },
        { "jde-ingestion\\a.parquet", "character" },
        { "jde-ingestion/a\\..\\..\\x", "character" },
        { "%2e%2e/x.parquet", "character" },
        { "jde-ingestion/%2e%2e/x.parquet", "character" },
        { "jde-ingestion/%252e%252e/x.parquet", "character" },
        { "jde-ingestion/..%2fx.parquet", "character" },
        { "jde-ingestion/%2F..%2Fx", "character" },
        { "jde-ingestion/a\0.parquet", "character" },
        { "jde-ingestion/a\n.parquet", "character" },
        { "jde-ingestion/a\t.parquet", "character" },
        { "jde-ingestion/a\u007f.parquet", "character" },
        { "jde-ingestion/a\u0085.parquet", "character" },
        { "jde-ingestion/a*.parquet", "character" },
        { "jde-ingestion/a?.parquet", "character" },
        { "jde-ingestion//a.parquet", "segment" },
        { "jde-ingestion/a/", "segment" },
        { "jde-ingestion/a /b.parquet", "segment" },
        { "jde-ingestion/ a/b.parquet", "segment" },
        { "jde-ingestion/a/b.parquet ", "segment" },
        { "jde-ingestion/.. /x", "segment" },
        { "other/a.parquet", "prefix" },
        { "jde-ingestion-other/a.parquet", "prefix" },
        { "jde-ingestionx/a.parquet", "prefix" },
        { "jde-ingestion", "prefix" },
        { "JDE-INGESTION/a.parquet", "prefix" },
        { "jde-ingestion/" + new string('a', LakeKeys.MaxKeyLength), "longer" },
    };

    public static TheoryData<string> AcceptedKeys { get; } = new()
    {
        "jde-ingestion/sales/year=2025/month=01/day=05/sales_20250105_101500_a1b2.parquet",
        "jde-ingestion/_manifests/sales/sales_20250105_101500_a1b2.json",
        "jde-ingestion/schemas/sales/v1.json",
        "jde-ingestion/a",
        "jde-ingestion/..a/b..",
        "jde-ingestion/a.b/c d.parquet",
        "jde-ingestion/" + new string('a', LakeKeys.MaxKeyLength - "jde-ingestion/".Length),
    };

    [Theory]
    [MemberData(nameof(RefusedKeys))]
    public void TryValidate_WhenTheKeyIsUnsafeOrOutsideThePrefix_ThenRefusedWithAReasonThatDoesNotEchoIt(string? key, string reason)
    {
        var valid = LakeKeys.TryValidate(Prefix, key, out var error);

        valid.Should().BeFalse();
        error.Should().Contain(reason);
        // The prefix itself may be named in the reason; a refused key never is.
        if (!string.IsNullOrEmpty(key) && !Prefix.Contains(key, StringComparison.Ordinal))
        {
            error.Should().NotContain(key);
        }
    }

    [Theory]
    [MemberData(nameof(AcceptedKeys))]
    public void TryValidate_WhenThePlainKeyIsUnderThePrefix_ThenAccepted(string key)
    {
        LakeKeys.TryValidate(Prefix, key, out var error).Should().BeTrue(error);
        error.Should().BeEmpty();
    }

    [Theory]
    [InlineData("/jde-ingestion/")]
    [InlineData("jde-ingestion/")]
    public void TryValidate_WhenThePrefixHasSlashes_ThenTheyAreIgnored(string prefix)
    {
        LakeKeys.TryValidate(prefix, "jde-ingestion/a.parquet", out _).Should().BeTrue();
        LakeKeys.TryValidate(prefix, "jde-ingestion-other/a.parquet", out _).Should().BeFalse();
    }

    [Fact]
    public void DataFile_WhenWritten_ThenTheKeyIsPartitionedByTheUtcDateAndPassesTheGate()
    {
        var writtenAt = new DateTimeOffset(2025, 1, 6, 1, 30, 15, TimeSpan.FromHours(2));

        var key = LakeKeys.DataFile(Prefix, "cardex_changes", writtenAt, "run-1");

        key.Should().Be("jde-ingestion/cardex_changes/year=2025/month=01/day=05/cardex_changes_20250105_233015_run-1.parquet");
        LakeKeys.TryValidate(Prefix, key, out _).Should().BeTrue();
    }

    [Fact]
    public void DataFile_WhenTwoFilesAreWrittenInTheSameSecond_ThenTheirKeysDiffer()
    {
        var second = new DateTimeOffset(2025, 3, 9, 12, 0, 0, TimeSpan.Zero);

        var first = LakeKeys.DataFile(Prefix, "item_master", second, Guid.NewGuid().ToString("N"));
        var other = LakeKeys.DataFile(Prefix, "item_master", second.AddMilliseconds(999), Guid.NewGuid().ToString("N"));

        first.Should().NotBe(other);
        first[..first.LastIndexOf('_')].Should().Be(other[..other.LastIndexOf('_')]);
    }

    [Fact]
    public void ManifestAndSchemaFile_WhenBuilt_ThenTheyFollowTheLayoutAndPassTheGate()
    {
        var manifest = LakeKeys.Manifest(Prefix, "sales", new DateTimeOffset(2025, 1, 5, 10, 15, 0, TimeSpan.Zero), "abc");
        var schema = LakeKeys.SchemaFile(Prefix, "sales", 3);

        manifest.Should().Be("jde-ingestion/_manifests/sales/sales_20250105_101500_abc.json");
        schema.Should().Be("jde-ingestion/schemas/sales/v3.json");
        LakeKeys.TryValidate(Prefix, manifest, out _).Should().BeTrue();
        LakeKeys.TryValidate(Prefix, schema, out _).Should().BeTrue();
    }

    [Theory]
    [InlineData("../sales", "a")]
    [InlineData("Sales", "a")]
    [InlineData("sales/x", "a")]
    [InlineData("sales", "../a")]
    [InlineData("sales", "a/b")]
    [InlineData("sales", "")]
    public void DataFile_WhenTheDatasetOrUniquePartIsNotPlain_ThenArgumentException(string dataset, string unique)
    {
        var build = () => LakeKeys.DataFile(Prefix, dataset, DateTimeOffset.UnixEpoch, unique);

        build.Should().Throw<ArgumentException>();
    }
}
