namespace BakeryOps.Infrastructure.Lake.Writing;

/// <summary>
/// The outcome of verifying one manifest; <see cref="Valid"/> only when every file and the chain link check out.
/// <see cref="ManifestSha256"/> is the hash of the manifest's own bytes, the value the dataset's next run links to.
/// </summary>
public sealed record LakeManifestVerification(
    string ManifestKey,
    string Dataset,
    Guid RunId,
    int SchemaVersion,
    string ManifestSha256,
    IReadOnlyList<LakeFileVerification> Files,
    LakeChainVerification Chain,
    DateTimeOffset VerifiedAt)
{
    public bool Valid => Files.All(f => f.Valid) && Chain.Valid;

    /// <summary>Every problem found, one line each; empty when valid.</summary>
    public IReadOnlyList<string> Problems =>
        [.. Files.Where(f => f.Problem is not null).Select(f => $"{f.Key}: {f.Problem}"), .. Chain.Problem is null ? Array.Empty<string>() : [Chain.Problem]];
}

/// <summary>
/// One file of a manifest: what the manifest recorded and what the lake holds now (<see cref="ActualSize"/> and
/// <see cref="ActualSha256"/> are null when the file is missing). A file a later housekeeping manifest lists as replaced
/// (compacted or removed by retention), with the same hash, is gone on purpose: <see cref="ReplacedBy"/> names that manifest.
/// </summary>
public sealed record LakeFileVerification(
    string Key,
    long Rows,
    long ExpectedSize,
    string ExpectedSha256,
    bool Present,
    long? ActualSize,
    string? ActualSha256,
    string? ReplacedBy = null)
{
    public bool SizeMatches => ActualSize == ExpectedSize;

    public bool Sha256Matches => string.Equals(ActualSha256, ExpectedSha256, StringComparison.OrdinalIgnoreCase);

    public bool Valid => (Present && SizeMatches && Sha256Matches) || (!Present && ReplacedBy is not null);

    /// <summary>Why the file does not verify; null when it does.</summary>
    public string? Problem =>
        Valid ? null
        : !Present ? "missing"
        : !SizeMatches ? $"size {ActualSize} bytes, the manifest says {ExpectedSize}"
        : !Sha256Matches ? $"SHA-256 {ActualSha256}, the manifest says {ExpectedSha256}"
        : null;
}

/// <summary>
/// The manifest's link to the dataset's previous manifest: <see cref="PreviousManifestKey"/> and
/// <see cref="ExpectedPreviousSha256"/> as this manifest recorded them (null for a dataset's first run), and
/// <see cref="ActualPreviousSha256"/>, the previous manifest's hash now (null when it is missing or there is none).
/// </summary>
public sealed record LakeChainVerification(
    string? PreviousManifestKey,
    string? ExpectedPreviousSha256,
    string? ActualPreviousSha256,
    bool Valid,
    string? Problem)
{
    /// <summary>True when this manifest starts the dataset's chain.</summary>
    public bool IsFirst => PreviousManifestKey is null;
}
