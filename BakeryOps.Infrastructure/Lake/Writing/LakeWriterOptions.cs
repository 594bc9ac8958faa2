namespace BakeryOps.Infrastructure.Lake.Writing;

public enum LakeCompression
{
    Snappy,

    /// <summary>Always at <see cref="System.IO.Compression.CompressionLevel.Fastest"/>: Parquet.Net's default level for zstd is SmallestSize, about 50 times slower.</summary>
    Zstd,
}

/// <summary>How the lake writer shapes files, in section <c>Lake</c> next to <see cref="LakeOptions"/>.</summary>
public sealed class LakeWriterOptions
{
    /// <summary>Rows per Parquet row group; a row group is held in memory until it is written, so this bounds memory.</summary>
    public int RowGroupSize { get; set; } = 100_000;

    /// <summary>A row group is also written once its text columns hold about this many bytes (long strings, JSON).</summary>
    public long RowGroupMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>A run starts a new file after this many rows, so no single object grows without bound.</summary>
    public long MaxRowsPerFile { get; set; } = 10_000_000;

    public LakeCompression Compression { get; set; } = LakeCompression.Snappy;

    /// <summary>Attempts for a store operation that failed transiently (1 = no retry).</summary>
    public int StoreAttempts { get; set; } = 4;

    /// <summary>The first retry's delay in milliseconds; it doubles on each further attempt.</summary>
    public int RetryDelayMilliseconds { get; set; } = 250;

    public IEnumerable<string> Validate()
    {
        if (RowGroupSize is < 1 or > 10_000_000)
        {
            yield return "Lake:RowGroupSize must be between 1 and 10000000 rows.";
        }

        if (RowGroupMaxBytes < 1024 * 1024)
        {
            yield return "Lake:RowGroupMaxBytes must be at least 1048576 bytes (1 MiB).";
        }

        if (MaxRowsPerFile < RowGroupSize)
        {
            yield return "Lake:MaxRowsPerFile must be at least Lake:RowGroupSize.";
        }

        if (!Enum.IsDefined(Compression))
        {
            yield return "Lake:Compression must be Snappy or Zstd.";
        }

        if (StoreAttempts is < 1 or > 10)
        {
            yield return "Lake:StoreAttempts must be between 1 and 10.";
        }

        if (RetryDelayMilliseconds is < 0 or > 60_000)
        {
            yield return "Lake:RetryDelayMilliseconds must be between 0 and 60000.";
        }
    }
}
