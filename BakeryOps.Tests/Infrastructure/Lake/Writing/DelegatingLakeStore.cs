using BakeryOps.Infrastructure.Lake.Storage;

namespace BakeryOps.Tests.Infrastructure.Lake.Writing;

/// <summary>A real store passed through, for tests that inject a failure into one of its calls.</summary>
public abstract class DelegatingLakeStore(ILakeStore inner) : ILakeStore
{
    public string Location => inner.Location;

    public virtual Task<ILakeUpload> BeginUploadAsync(string key, CancellationToken cancellationToken) => inner.BeginUploadAsync(key, cancellationToken);

    public Task<LakeObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken) => inner.GetInfoAsync(key, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

    public virtual IAsyncEnumerable<LakeObjectInfo> ListAsync(string prefix, string? startAfter, CancellationToken cancellationToken) =>
        inner.ListAsync(prefix, startAfter, cancellationToken);

    public virtual Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public Task<int> SweepAbandonedUploadsAsync(string prefix, DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        inner.SweepAbandonedUploadsAsync(prefix, olderThan, cancellationToken);
}
