using BakeryOps.Domain.Lake;
using BakeryOps.Infrastructure.Lake.Storage;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Lake.Reading;

/// <summary>
/// Reads single objects for callers outside the lake (downloads, previews, manifests): every key passes
/// <see cref="LakeKeys.TryValidate"/> first, so nothing outside the lake prefix is ever opened.
/// </summary>
public sealed class LakeObjectReader(ILakeStore store, IOptions<LakeOptions> options)
{
    public const int DefaultPreviewRows = 50;
    public const int MaxPreviewRows = 1000;

    /// <summary>The largest object a preview copies out of the store; Parquet needs a seekable file and S3 streams are not.</summary>
    public const long MaxPreviewBytes = 512L * 1024 * 1024;

    private static readonly byte[] ParquetMagic = "PAR1"u8.ToArray();

    public string Prefix => options.Value.Prefix;

    /// <exception cref="LakeKeyRejectedException">The key is not a plain key under the lake prefix.</exception>
    public void Validate(string? key)
    {
        if (!LakeKeys.TryValidate(Prefix, key, out var error))
        {
            throw new LakeKeyRejectedException(error);
        }
    }

    /// <exception cref="LakeKeyRejectedException">The key is not a plain key under the lake prefix.</exception>
    /// <exception cref="LakeObjectNotFoundException">There is no such object.</exception>
    public async Task<(LakeObjectInfo Info, Stream Content)> OpenAsync(string? key, CancellationToken cancellationToken)
    {
        Validate(key);
        var info = await store.GetInfoAsync(key!, cancellationToken) ?? throw new LakeObjectNotFoundException(key!);
        return (info, await store.OpenReadAsync(key!, cancellationToken));
    }

    /// <summary>A small text object (a manifest or a schema copy) as a string.</summary>
    public async Task<string> ReadTextAsync(string? key, long maxBytes, CancellationToken cancellationToken)
    {
        var (info, content) = await OpenAsync(key, cancellationToken);
        await using (content)
        {
            if (info.Size > maxBytes)
            {
                throw new LakeNotPreviewableException($"The object is {info.Size:N0} bytes; only objects up to {maxBytes:N0} bytes are shown.");
            }

            using var reader = new StreamReader(content);
            return await reader.ReadToEndAsync(cancellationToken);
        }
    }

    /// <summary>The first <paramref name="rows"/> rows of a Parquet object.</summary>
    /// <exception cref="LakeNotPreviewableException">The object is not Parquet, or too large to copy for a preview.</exception>
    public async Task<LakePreview> PreviewAsync(string? key, int rows, CancellationToken cancellationToken)
    {
        var (info, content) = await OpenAsync(key, cancellationToken);
        await using (content)
        {
            if (info.Size > MaxPreviewBytes)
            {
                throw new LakeNotPreviewableException($"The object is {info.Size:N0} bytes; previews read objects up to {MaxPreviewBytes:N0} bytes.");
            }

            if (content.CanSeek)
            {
                return await ReadPreviewAsync(key!, content, rows, cancellationToken);
            }

            // S3 bodies are forward-only: copy to a temporary file that disappears when closed.
            var path = Path.Combine(Path.GetTempPath(), $"bakeryops-preview-{Guid.NewGuid():N}.parquet");
            await using var copy = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
                FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            await content.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            return await ReadPreviewAsync(key!, copy, rows, cancellationToken);
        }
    }

    private static async Task<LakePreview> ReadPreviewAsync(string key, Stream seekable, int rows, CancellationToken cancellationToken)
    {
        if (!await HasParquetMagicAsync(seekable, cancellationToken))
        {
            throw new LakeNotPreviewableException("The object is not a Parquet file (it does not start and end with PAR1).");
        }

        seekable.Position = 0;
        try
        {
            return await ParquetPreviewReader.ReadAsync(key, seekable, rows, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A damaged footer or page surfaces as any of several reader exceptions; to the caller it is one thing.
            throw new LakeNotPreviewableException("The object has Parquet markers but could not be read as Parquet.", e);
        }
    }

    private static async Task<bool> HasParquetMagicAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (stream.Length < 12)
        {
            return false;
        }

        var head = new byte[4];
        var tail = new byte[4];
        stream.Position = 0;
        await stream.ReadExactlyAsync(head, cancellationToken);
        stream.Position = stream.Length - 4;
        await stream.ReadExactlyAsync(tail, cancellationToken);
        return head.AsSpan().SequenceEqual(ParquetMagic) && tail.AsSpan().SequenceEqual(ParquetMagic);
    }
}
