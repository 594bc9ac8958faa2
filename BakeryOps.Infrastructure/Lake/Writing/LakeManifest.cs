using System.Text.Json;
using System.Text.Json.Serialization;

namespace BakeryOps.Infrastructure.Lake.Writing;

/// <summary>
/// A run's manifest, stored as JSON under <c>{prefix}/_manifests/{dataset}/</c>. Each manifest names the dataset's
/// previous manifest and that manifest's SHA-256, so the runs of a dataset form a hash chain: editing or removing an
/// earlier manifest breaks the next link. A housekeeping manifest (compaction, retention) also lists in
/// <see cref="Replaces"/> the files it removed, as the earlier manifests recorded them, so those manifests still verify.
/// </summary>
public sealed record LakeManifest(
    int FormatVersion,
    Guid RunId,
    string Dataset,
    int SchemaVersion,
    string Actor,
    string? SourceRange,
    IReadOnlyList<LakeManifestFile> Files,
    long TotalRows,
    DateTimeOffset CreatedAt,
    string? PreviousManifestKey,
    string? PreviousManifestSha256,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<LakeManifestFile>? Replaces = null)
{
    /// <summary>The end of a housekeeping manifest's unique part, so the verifier can find them without reading every manifest.</summary>
    public const string HousekeepingSuffix = "-housekeeping";

    public const int CurrentFormatVersion = 1;

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    /// <exception cref="JsonException">The bytes are not a manifest.</exception>
    public static LakeManifest Parse(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<LakeManifest>(utf8Json, JsonOptions)
        ?? throw new JsonException("The manifest is empty.");

    /// <summary>The manifest, or null when the bytes are not one.</summary>
    public static LakeManifest? TryParse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return Parse(utf8Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One Parquet file of a run.</summary>
public sealed record LakeManifestFile(string Key, long Rows, long Size, string Sha256);
