namespace BakeryOps.Infrastructure.Lake;

public enum LakeStore
{
    /// <summary>A folder in the data directory with the same key layout (the embedded default).</summary>
    Folder,

    /// <summary>Amazon S3 or an S3-compatible store (MinIO, Ceph).</summary>
    S3,
}

/// <summary>The Parquet data lake, section <c>Lake</c>.</summary>
public sealed class LakeOptions
{
    public const string SectionName = "Lake";

    public LakeStore Store { get; set; } = LakeStore.Folder;

    /// <summary>Key prefix every dataset lives under (the earlier <c>S3_BASE_PREFIX</c>).</summary>
    public string Prefix { get; set; } = "jde-ingestion";

    /// <summary>The folder store's root; default <c>lake/</c> in the data directory.</summary>
    public string? FolderPath { get; set; }

    public LakeS3Options S3 { get; set; } = new();

    public IEnumerable<string> Validate()
    {
        if (Prefix.Contains("..", StringComparison.Ordinal) || Prefix.StartsWith('/') || Prefix.Contains('\\', StringComparison.Ordinal))
        {
            yield return "Lake:Prefix (S3_BASE_PREFIX) must be a relative key prefix without '..', '\\' or a leading '/'.";
        }

        if (Store != LakeStore.S3)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(S3.Bucket))
        {
            yield return "Lake:S3:Bucket (S3_BUCKET_NAME) is required when Lake:Store is S3.";
        }

        if (!string.IsNullOrEmpty(S3.ServiceUrl) && !Uri.TryCreate(S3.ServiceUrl, UriKind.Absolute, out _))
        {
            yield return "Lake:S3:ServiceUrl must be an absolute URL.";
        }

        if (S3.ServerSideEncryption is not (null or "" or "AES256" or "aws:kms"))
        {
            yield return "Lake:S3:ServerSideEncryption must be AES256 or aws:kms.";
        }

        if (S3.ServerSideEncryption == "aws:kms" && string.IsNullOrWhiteSpace(S3.KmsKeyId))
        {
            yield return "Lake:S3:KmsKeyId is required when Lake:S3:ServerSideEncryption is aws:kms.";
        }

        if (string.IsNullOrEmpty(S3.AccessKeyId) != string.IsNullOrEmpty(S3.SecretAccessKey))
        {
            yield return "Lake:S3:AccessKeyId and Lake:S3:SecretAccessKey (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) must be set together.";
        }

        if (S3.PartSizeMb is < LakeS3Options.MinimumPartSizeMb or > LakeS3Options.MaximumPartSizeMb)
        {
            yield return $"Lake:S3:PartSizeMb must be between {LakeS3Options.MinimumPartSizeMb} and {LakeS3Options.MaximumPartSizeMb} (S3 refuses smaller parts; each upload holds one part in memory).";
        }
    }
}

/// <summary>S3 settings. Without explicit keys the standard AWS credential chain is used.</summary>
public sealed class LakeS3Options
{
    public string? Bucket { get; set; }
    public string? Region { get; set; }

    /// <summary>Endpoint of an S3-compatible store, such as <c>http://minio:9000</c>.</summary>
    public string? ServiceUrl { get; set; }

    public bool ForcePathStyle { get; set; }
    public string? AccessKeyId { get; set; }
    public string? SecretAccessKey { get; set; }

    /// <summary>With temporary keys (the earlier <c>AWS_SESSION_TOKEN</c>); ignored without them.</summary>
    public string? SessionToken { get; set; }

    /// <summary><c>AES256</c> or <c>aws:kms</c>; empty for the bucket's default.</summary>
    public string? ServerSideEncryption { get; set; }

    public string? KmsKeyId { get; set; }

    /// <summary>S3 takes no multipart part below 5 MiB (except the last).</summary>
    public const int MinimumPartSizeMb = 5;

    /// <summary>A part is buffered in memory, so the cap keeps one upload's footprint reasonable.</summary>
    public const int MaximumPartSizeMb = 512;

    /// <summary>
    /// Objects up to this size go up in one request; larger ones as a multipart upload of parts this size, sent as they
    /// fill, so an upload holds at most one part in memory.
    /// </summary>
    public int PartSizeMb { get; set; } = 8;

    public int PartSizeBytes => PartSizeMb * 1024 * 1024;
}
