namespace BakeryOps.Infrastructure.Lake.Storage;

/// <summary>
/// The lake's object store: an S3 bucket or a folder in the data directory, with the same key layout. Keys are
/// relative, '/'-separated and already validated (<see cref="Domain.Lake.LakeKeys"/>); they include the lake prefix.
/// </summary>
public interface ILakeStore
{
    /// <summary>Where the lake lives, for logs and the portal (<c>s3://bucket</c> or the folder path); never credentials.</summary>
    string Location { get; }

    /// <summary>
    /// Starts writing an object. Nothing is visible under <paramref name="key"/> until
    /// <see cref="ILakeUpload.CompleteAsync"/> succeeds; disposing an upload that was not completed discards it.
    /// Memory stays bounded whatever the size (large objects go up in parts).
    /// </summary>
    Task<ILakeUpload> BeginUploadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Size and last-modified time, or null when there is no such object.</summary>
    Task<LakeObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken);

    /// <summary>Reads an object.</summary>
    /// <exception cref="LakeObjectNotFoundException">There is no such object.</exception>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Every object whose key starts with <paramref name="prefix"/>, in key order; with <paramref name="startAfter"/>,
    /// only those whose key sorts after it (ordinal). A bucket then skips the earlier keys without listing them, which is
    /// what keeps reading the newest of a dataset's manifests (named by time) cheap however many the lake holds.
    /// </summary>
    IAsyncEnumerable<LakeObjectInfo> ListAsync(string prefix, string? startAfter, CancellationToken cancellationToken);

    /// <summary>Removes an object; no error when it does not exist.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Removes what uploads left behind when they were never completed nor discarded (a crash, a killed process):
    /// temporary files of the folder store, incomplete multipart uploads of the bucket under <paramref name="prefix"/>,
    /// started before <paramref name="olderThan"/>. Returns how many it removed.
    /// </summary>
    Task<int> SweepAbandonedUploadsAsync(string prefix, DateTimeOffset olderThan, CancellationToken cancellationToken);
}

/// <summary>An object being written; see <see cref="ILakeStore.BeginUploadAsync"/>.</summary>
public interface ILakeUpload : IAsyncDisposable
{
    /// <summary>A forward-only stream to write the object's bytes to.</summary>
    Stream Content { get; }

    /// <summary>Makes the object visible, whole, under its key.</summary>
    Task<LakeObjectInfo> CompleteAsync(CancellationToken cancellationToken);
}

public sealed record LakeObjectInfo(string Key, long Size, DateTimeOffset LastModified);

/// <summary>The key names no object.</summary>
public sealed class LakeObjectNotFoundException(string key) : Exception($"There is no lake object '{key}'.")
{
    public string Key { get; } = key;
}
