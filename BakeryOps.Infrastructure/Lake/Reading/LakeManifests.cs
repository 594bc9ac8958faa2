using System.Text.Json;
using BakeryOps.Domain.Lake;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Lake.Writing;

namespace BakeryOps.Infrastructure.Lake.Reading;

/// <summary>Finds the manifests of a dataset's runs under <c>{prefix}/_manifests/{dataset}/</c>.</summary>
public sealed class LakeManifests(ILakeStore store, LakeObjectReader reader, TimeProvider clock)
{
    /// <summary>Manifests are small; anything larger is not one of ours.</summary>
    public const long MaxManifestBytes = 16L * 1024 * 1024;

    // How far back each look for the newest manifests reaches before the next, wider one; then the whole folder.
    private static readonly int[] DaysBack = [1, 7, 31, 366];

    /// <summary>
    /// The dataset's manifests, newest first (their names start with the run's UTC time). The outbox writes one a
    /// minute per dataset, so the folder grows by about 1,400 a day: the store is asked only for the names since
    /// yesterday, then the last week, month and year, and only then for all of them, until <paramref name="max"/> are found.
    /// </summary>
    public async Task<IReadOnlyList<LakeObjectInfo>> ListAsync(string dataset, int max, CancellationToken cancellationToken)
    {
        if (!LakeKeys.IsDatasetName(dataset) || max <= 0)
        {
            return [];
        }

        var folder = $"{Root(reader.Prefix)}{LakeKeys.ManifestFolder}/{dataset}/";
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var days in DaysBack)
        {
            // "{dataset}_{yyyyMMdd}" sorts before every name of that day and after every name of the days before it.
            var since = today.AddDays(-days).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
            var found = await ManifestsAsync(folder, $"{folder}{dataset}_{since}", cancellationToken);
            if (found.Count >= max)
            {
                return Newest(found, max);
            }
        }

        return Newest(await ManifestsAsync(folder, null, cancellationToken), max);
    }

    /// <summary>The manifest's text, as stored.</summary>
    public Task<string> ReadAsync(string key, CancellationToken cancellationToken) => reader.ReadTextAsync(key, MaxManifestBytes, cancellationToken);

    /// <summary>The manifest of a run, searching the dataset's latest <paramref name="searchLimit"/> manifests; null when none matches.</summary>
    public async Task<string?> FindByRunAsync(string dataset, Guid runId, int searchLimit, CancellationToken cancellationToken)
    {
        foreach (var manifest in await ListAsync(dataset, searchLimit, cancellationToken))
        {
            try
            {
                var text = await ReadAsync(manifest.Key, cancellationToken);
                if (LakeManifest.Parse(System.Text.Encoding.UTF8.GetBytes(text)).RunId == runId)
                {
                    return manifest.Key;
                }
            }
            catch (Exception e) when (e is JsonException or LakeObjectNotFoundException or LakeNotPreviewableException)
            {
                // A foreign or vanished file in the folder is skipped; verification reports damaged manifests.
            }
        }

        return null;
    }

    private async Task<List<LakeObjectInfo>> ManifestsAsync(string folder, string? startAfter, CancellationToken cancellationToken)
    {
        var found = new List<LakeObjectInfo>();
        await foreach (var item in store.ListAsync(folder, startAfter, cancellationToken))
        {
            if (item.Key.EndsWith(".json", StringComparison.Ordinal))
            {
                found.Add(item);
            }
        }

        return found;
    }

    private static List<LakeObjectInfo> Newest(List<LakeObjectInfo> manifests, int max) =>
        [.. manifests.OrderByDescending(i => i.Key, StringComparer.Ordinal).Take(max)];

    private static string Root(string prefix)
    {
        var trimmed = prefix.Trim('/');
        return trimmed.Length == 0 ? "" : trimmed + "/";
    }
}
