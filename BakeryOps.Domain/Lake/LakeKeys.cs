using System.Globalization;
using System.Text.RegularExpressions;

namespace BakeryOps.Domain.Lake;

/// <summary>
/// The lake's key layout and the one gate every key from outside passes: relative, '/'-separated, under the lake
/// prefix, without '.', '..' or empty segments, backslashes, percent-encoding or control characters.
/// </summary>
public static partial class LakeKeys
{
    public const int MaxKeyLength = 1024;
    public const string ManifestFolder = "_manifests";
    public const string SchemaFolder = "schemas";

    /// <summary>Dataset names are lower-case identifiers, so they are safe as folder names and SQL identifiers.</summary>
    public static bool IsDatasetName(string? dataset) => dataset is not null && DatasetPattern().IsMatch(dataset);

    /// <summary>
    /// <c>{prefix}/{dataset}/year=YYYY/month=MM/day=DD/{dataset}_{yyyyMMdd_HHmmss}_{unique}.parquet</c>, partitioned by
    /// the UTC date of <paramref name="writtenAt"/>; <paramref name="unique"/> keeps two files of one second apart.
    /// </summary>
    public static string DataFile(string prefix, string dataset, DateTimeOffset writtenAt, string unique)
    {
        var utc = writtenAt.UtcDateTime;
        return $"{Partition(prefix, dataset, DateOnly.FromDateTime(utc))}/{dataset}_{utc.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture)}_{CheckUnique(unique)}.parquet";
    }

    /// <summary>The folder of one day of a dataset: <c>{prefix}/{dataset}/year=YYYY/month=MM/day=DD</c>.</summary>
    public static string Partition(string prefix, string dataset, DateOnly date) =>
        $"{DatasetFolder(prefix, dataset)}/year={date.Year:D4}/month={date.Month:D2}/day={date.Day:D2}";

    public static string DatasetFolder(string prefix, string dataset) => $"{Root(prefix)}{CheckDataset(dataset)}";

    /// <summary>A run's manifest: <c>{prefix}/_manifests/{dataset}/{dataset}_{yyyyMMdd_HHmmss}_{unique}.json</c>.</summary>
    public static string Manifest(string prefix, string dataset, DateTimeOffset writtenAt, string unique) =>
        $"{Root(prefix)}{ManifestFolder}/{CheckDataset(dataset)}/{dataset}_{writtenAt.UtcDateTime.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture)}_{CheckUnique(unique)}.json";

    /// <summary>The JSON copy of a schema version: <c>{prefix}/schemas/{dataset}/v{version}.json</c>.</summary>
    public static string SchemaFile(string prefix, string dataset, int version) =>
        $"{Root(prefix)}{SchemaFolder}/{CheckDataset(dataset)}/v{version}.json";

    /// <summary>
    /// Accepts a key from outside (a download or preview request) only when it is a plain key under
    /// <paramref name="prefix"/>; the error says why not, without echoing the key.
    /// </summary>
    public static bool TryValidate(string prefix, string? key, out string error)
    {
        error = "";
        if (string.IsNullOrEmpty(key))
        {
            error = "The key is empty.";
        }
        else if (key.Length > MaxKeyLength)
        {
            error = $"The key is longer than {MaxKeyLength} characters.";
        }
        else if (key.Any(c => char.IsControl(c) || c is '\\' or '%' or ':' or '*' or '?' or '"' or '<' or '>' or '|'))
        {
            error = "The key holds a character that lake keys never have (control characters, \\ % : * ? \" < > |).";
        }
        else if (key.StartsWith('/') || key.StartsWith('~'))
        {
            error = "The key must be relative to the lake.";
        }
        else if (key.Split('/').Any(segment => segment is "" or "." or ".." || segment.Trim() != segment))
        {
            error = "The key has an empty, '.', '..' or space-padded segment.";
        }
        else if (!key.StartsWith(Root(prefix), StringComparison.Ordinal))
        {
            error = $"The key is not under the lake prefix '{prefix.Trim('/')}/'.";
        }

        return error.Length == 0;
    }

    private static string Root(string prefix)
    {
        var trimmed = prefix.Trim('/');
        return trimmed.Length == 0 ? "" : trimmed + "/";
    }

    private static string CheckDataset(string dataset) =>
        IsDatasetName(dataset) ? dataset : throw new ArgumentException($"'{dataset}' is not a dataset name (lower-case letters, digits and '_', starting with a letter).", nameof(dataset));

    private static string CheckUnique(string unique) =>
        UniquePattern().IsMatch(unique) ? unique : throw new ArgumentException("The unique part is 1 to 64 letters, digits or '-'.", nameof(unique));

    [GeneratedRegex("^[a-z][a-z0-9_]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex DatasetPattern();

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex UniquePattern();
}
