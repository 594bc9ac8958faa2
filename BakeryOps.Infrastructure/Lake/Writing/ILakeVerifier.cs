namespace BakeryOps.Infrastructure.Lake.Writing;

/// <summary>
/// Checks a run's manifest against the lake: every file it lists is present with the recorded size and SHA-256, and
/// its link to the dataset's previous manifest holds (the recorded hash equals the previous manifest's bytes' hash).
/// </summary>
public interface ILakeVerifier
{
    /// <summary>Verifies the manifest at <paramref name="manifestKey"/> (a key under <c>{prefix}/_manifests/</c>).</summary>
    /// <exception cref="Domain.Errors.RequestValidationException">The key is not a manifest key under the lake prefix (400).</exception>
    /// <exception cref="Domain.Errors.NotFoundException">There is no manifest under the key (404).</exception>
    Task<LakeManifestVerification> VerifyAsync(string manifestKey, CancellationToken cancellationToken);
}
