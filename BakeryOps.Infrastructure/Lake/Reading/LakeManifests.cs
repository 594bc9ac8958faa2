using System.Text.Json;
using BakeryOps.Domain.Lake;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Lake.Writing;

namespace BakeryOps.Infrastructure.Lake.Reading;

/// <summary>Finds the manifests of a dataset's runs under <c>{prefix}/_manifests/{dataset}/</c>.</summary>
public sealed class LakeManifests(ILakeStore store, LakeObjectReader reader)
{
    /// <summary>Manifests are small; anything larger is not one of ours.</summary>
    public const long MaxManifestBytes = 16L * 1024 * 1024;

    /// <summary>The dataset's manifests, newest first (their names start with the run's UTC time).</summary>
    public async Task<IReadOnlyList<LakeObjectInfo>> ListAsync(string dataset, int max, CancellationToken cancellationToken)
    {
        if (!LakeKeys.IsDatasetName(dataset))
        {
            return [];
        }

        var folder = $"{Root(reader.Prefix)}{LakeKeys.ManifestFolder}/{dataset}/";
        var all = new List<LakeObjectInfo>();
        await foreach (var item in store.ListAsync(folder, cancellationToken))
        {
            if (item.Key.EndsWith(".json", StringComparison.Ordinal))
            {
                all.Add(item);
            }
        }

        return [.. all.OrderByDescending(i => i.Key, StringComparer.Ordinal).Take(max)];
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

    private static string Root(string prefix)
    {
        var trimmed = prefix.Trim('/');
        return trimmed.Length == 0 ? "" : trimmed + "/";
    }
}
