using System.Runtime.CompilerServices;

namespace BakeryOps.Infrastructure.Lake.Storage;

/// <summary>
/// The lake in a folder, with the same key layout as the bucket: each key is a file path under the root. Uploads are
/// written to <c>.uploads/</c> at the root and renamed into place, so a reader never sees half a file.
/// </summary>
public sealed class FolderLakeStore : ILakeStore
{
    /// <summary>Holds uploads in progress; on the same file system as the lake so the final rename is atomic.</summary>
    public const string UploadFolder = ".uploads";

    private const int BufferSize = 81920;

    private readonly string _root;
    private readonly string _rootWithSeparator;

    public FolderLakeStore(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
        _rootWithSeparator = _root + Path.DirectorySeparatorChar;
    }

    public string Location => _root;

    public Task<ILakeUpload> BeginUploadAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = PathOf(key);
        var uploads = Path.Combine(_root, UploadFolder);
        Directory.CreateDirectory(uploads);
        var temporary = Path.Combine(uploads, $"{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
        return Task.FromResult<ILakeUpload>(new FolderUpload(key, target, temporary, stream));
    }

    public Task<LakeObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? InfoOf(key, file) : null);
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(key);
        try
        {
            // FileShare.Delete lets an overwrite or delete go ahead while a download is still streaming the old bytes.
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException || (ex is UnauthorizedAccessException && Directory.Exists(path)))
        {
            throw new LakeObjectNotFoundException(key);
        }
    }

    public async IAsyncEnumerable<LakeObjectInfo> ListAsync(string prefix, string? startAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        // A prefix need not end at a folder boundary ("lake/sal" matches "lake/sales/..."), so walk the deepest whole folder.
        var lastSlash = prefix.LastIndexOf('/');
        var folder = lastSlash < 0 ? _root : PathOf(prefix[..lastSlash]);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var uploads = Path.Combine(_root, UploadFolder) + Path.DirectorySeparatorChar;
        var matches = new List<(string Key, FileInfo File)>();
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.FullName.StartsWith(uploads, StringComparison.Ordinal) || !file.FullName.StartsWith(_rootWithSeparator, StringComparison.Ordinal))
            {
                continue;
            }

            var key = file.FullName[_rootWithSeparator.Length..].Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal) && (startAfter is null || string.CompareOrdinal(key, startAfter) > 0))
            {
                matches.Add((key, file));
            }
        }

        matches.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (key, file) in matches)
        {
            yield return InfoOf(key, file);
        }

        await Task.CompletedTask;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(key);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // The folder is gone, so the object is too.
        }

        return Task.CompletedTask;
    }

    public Task<int> SweepAbandonedUploadsAsync(string prefix, DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        // The upload folder is the whole lake's, not one prefix's: an upload in progress is younger than the cut-off.
        var uploads = new DirectoryInfo(Path.Combine(_root, UploadFolder));
        if (!uploads.Exists)
        {
            return Task.FromResult(0);
        }

        var removed = 0;
        foreach (var file in uploads.EnumerateFiles("*.tmp"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.LastWriteTimeUtc < olderThan.UtcDateTime)
            {
                file.Delete();
                removed++;
            }
        }

        return Task.FromResult(removed);
    }

    /// <summary>
    /// Keys are validated before they get here; this is the second line: whatever the key, the file it names must be
    /// inside the root and outside the upload folder.
    /// </summary>
    private string PathOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0 || key.Contains('\0', StringComparison.Ordinal) || key.Contains('\\', StringComparison.Ordinal) || Path.IsPathRooted(key))
        {
            throw new ArgumentException("The key is not a relative lake key.", nameof(key));
        }

        var full = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)));
        var uploads = Path.Combine(_root, UploadFolder);
        if (!full.StartsWith(_rootWithSeparator, StringComparison.Ordinal)
            || full.Equals(uploads, StringComparison.Ordinal)
            || full.StartsWith(uploads + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException("The key resolves outside the lake folder.", nameof(key));
        }

        return full;
    }

    private static LakeObjectInfo InfoOf(string key, FileInfo file) =>
        new(key, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));

    private sealed class FolderUpload(string key, string target, string temporary, FileStream stream) : ILakeUpload
    {
        private bool _completed;

        public Stream Content => stream;

        public async Task<LakeObjectInfo> CompleteAsync(CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            // Disposing (not just flushing) also copes with a writer that already closed the stream it was given.
            await stream.DisposeAsync();
            cancellationToken.ThrowIfCancellationRequested();
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temporary, target, overwrite: true);
            _completed = true;
            return InfoOf(key, new FileInfo(target));
        }

        public async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync();
            if (!_completed)
            {
                File.Delete(temporary);
            }
        }
    }
}
