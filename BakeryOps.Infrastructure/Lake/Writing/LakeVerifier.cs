using System.Buffers;
using System.Security.Cryptography;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Lake;
using BakeryOps.Infrastructure.Lake.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Lake.Writing;

/// <summary>
/// Re-reads a manifest's files from the store, streaming, and compares size and SHA-256 with what the run recorded;
/// then hashes the previous manifest the manifest links to.
/// </summary>
public sealed class LakeVerifier(ILakeStore store, IOptions<LakeOptions> lakeOptions, TimeProvider clock, ILogger<LakeVerifier> logger)
    : ILakeVerifier
{
    private readonly string _prefix = lakeOptions.Value.Prefix;

    public async Task<LakeManifestVerification> VerifyAsync(string manifestKey, CancellationToken cancellationToken)
    {
        if (!LakeKeys.TryValidate(_prefix, manifestKey, out var error))
        {
            throw Invalid(error);
        }

        var manifests = ManifestRoot();
        if (!manifestKey.StartsWith(manifests, StringComparison.Ordinal) || !manifestKey.EndsWith(".json", StringComparison.Ordinal))
        {
            throw Invalid($"The key is not a manifest: manifests are the .json objects under '{manifests}'.");
        }

        byte[] bytes;
        try
        {
            await using var stream = await store.OpenReadAsync(manifestKey, cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }
        catch (LakeObjectNotFoundException)
        {
            throw new NotFoundException($"There is no manifest '{manifestKey}' in the lake.");
        }

        var manifest = LakeManifest.TryParse(bytes) ?? throw Invalid("The object is not a readable lake manifest.");
        var files = new List<LakeFileVerification>(manifest.Files.Count);
        foreach (var file in manifest.Files)
        {
            files.Add(await VerifyFileAsync(file, cancellationToken));
        }

        if (files.Any(f => !f.Present))
        {
            var replaced = await ReplacedLaterAsync(manifestKey, manifest.Dataset, cancellationToken);
            files = [.. files.Select(f => !f.Present && replaced.TryGetValue(f.Key, out var by)
                && string.Equals(by.Sha256, f.ExpectedSha256, StringComparison.OrdinalIgnoreCase) ? f with { ReplacedBy = by.ManifestKey } : f)];
        }

        var chain = await VerifyChainAsync(manifest, cancellationToken);
        var result = new LakeManifestVerification(
            manifestKey, manifest.Dataset, manifest.RunId, manifest.SchemaVersion, Convert.ToHexStringLower(SHA256.HashData(bytes)), files, chain, clock.GetUtcNow());
        if (result.Valid)
        {
            LakeWriterLog.ManifestVerified(logger, manifestKey, files.Count);
        }
        else
        {
            LakeWriterLog.ManifestInvalid(logger, manifestKey, string.Join("; ", result.Problems));
        }

        return result;
    }

    private async Task<LakeFileVerification> VerifyFileAsync(LakeManifestFile file, CancellationToken cancellationToken)
    {
        // A manifest is data too: a key it names is only read when it passes the same gate as a key from a request.
        var hashed = LakeKeys.TryValidate(_prefix, file.Key, out _) ? await HashAsync(file.Key, cancellationToken) : null;
        return new LakeFileVerification(file.Key, file.Rows, file.Size, file.Sha256, hashed is not null, hashed?.Size, hashed?.Sha256);
    }

    /// <summary>
    /// The files the dataset's housekeeping manifests written after <paramref name="manifestKey"/> replaced, with the
    /// hash each recorded; only those manifests are read (their names end in <see cref="LakeManifest.HousekeepingSuffix"/>).
    /// </summary>
    private async Task<Dictionary<string, (string Sha256, string ManifestKey)>> ReplacedLaterAsync(string manifestKey, string dataset, CancellationToken cancellationToken)
    {
        var replaced = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        if (!LakeKeys.IsDatasetName(dataset))
        {
            return replaced;
        }

        // Names sort by time, so the store skips every manifest up to this one instead of listing the whole folder.
        var later = new List<string>();
        await foreach (var item in store.ListAsync($"{ManifestRoot()}{dataset}/", manifestKey, cancellationToken))
        {
            if (item.Key.EndsWith(LakeManifest.HousekeepingSuffix + ".json", StringComparison.Ordinal))
            {
                later.Add(item.Key);
            }
        }

        foreach (var key in later)
        {
            await using var stream = await store.OpenReadAsync(key, cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            foreach (var file in LakeManifest.TryParse(buffer.ToArray())?.Replaces ?? [])
            {
                replaced[file.Key] = (file.Sha256, key);
            }
        }

        return replaced;
    }

    private async Task<LakeChainVerification> VerifyChainAsync(LakeManifest manifest, CancellationToken cancellationToken)
    {
        var (key, expected) = (manifest.PreviousManifestKey, manifest.PreviousManifestSha256);
        if (key is null)
        {
            return expected is null
                ? new LakeChainVerification(null, null, null, true, null)
                : new LakeChainVerification(null, expected, null, false, "The manifest records a previous manifest's hash but not its key.");
        }

        if (!LakeKeys.TryValidate(_prefix, key, out _) || !key.StartsWith(ManifestRoot(), StringComparison.Ordinal))
        {
            return new LakeChainVerification(key, expected, null, false, "The previous manifest's key is not a manifest key of this lake.");
        }

        var hashed = await HashAsync(key, cancellationToken);
        return hashed is null
            ? new LakeChainVerification(key, expected, null, false, $"The previous manifest {key} is missing.")
            : string.Equals(hashed.Sha256, expected, StringComparison.OrdinalIgnoreCase)
                ? new LakeChainVerification(key, expected, hashed.Sha256, true, null)
                : new LakeChainVerification(key, expected, hashed.Sha256, false, $"The previous manifest {key} has SHA-256 {hashed.Sha256}, this manifest recorded {expected}: it was changed.");
    }

    /// <summary>Size and SHA-256 of an object, read in blocks; null when there is no such object.</summary>
    private async Task<Hashed?> HashAsync(string key, CancellationToken cancellationToken)
    {
        Stream stream;
        try
        {
            stream = await store.OpenReadAsync(key, cancellationToken);
        }
        catch (LakeObjectNotFoundException)
        {
            return null;
        }

        await using (stream)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var block = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                long size = 0;
                int read;
                while ((read = await stream.ReadAsync(block, cancellationToken)) > 0)
                {
                    hash.AppendData(block, 0, read);
                    size += read;
                }

                return new Hashed(size, Convert.ToHexStringLower(hash.GetHashAndReset()));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(block);
            }
        }
    }

    private string ManifestRoot()
    {
        var sample = LakeKeys.Manifest(_prefix, "x", clock.GetUtcNow(), "0");
        return sample[..(sample.IndexOf(LakeKeys.ManifestFolder + "/", StringComparison.Ordinal) + LakeKeys.ManifestFolder.Length + 1)];
    }

    private static RequestValidationException Invalid(string message) =>
        RequestValidationException.For("key", message);

    private sealed record Hashed(long Size, string Sha256);
}
