using BakeryOps.Infrastructure.Lake.Storage;
using Parquet;
using Parquet.Schema;

namespace BakeryOps.Infrastructure.Lake.Writing;

/// <summary>
/// One Parquet file streaming into a store upload: row groups go out as they are written, through a hashing stream,
/// so neither the file nor its checksum needs the whole content in memory. Disposed without completing, the upload is
/// discarded and nothing becomes visible.
/// </summary>
internal sealed class ParquetFileUpload : IAsyncDisposable
{
    private readonly ILakeUpload _upload;
    private readonly HashingStream _content;
    private readonly ParquetWriter _writer;
    private bool _writerClosed;

    private ParquetFileUpload(string key, DateOnly partitionDate, ILakeUpload upload, HashingStream content, ParquetWriter writer)
    {
        Key = key;
        PartitionDate = partitionDate;
        _upload = upload;
        _content = content;
        _writer = writer;
    }

    public string Key { get; }
    public DateOnly PartitionDate { get; }
    public long Rows { get; private set; }

    public static async Task<ParquetFileUpload> StartAsync(
        ILakeUpload upload, string key, DateOnly partitionDate, ParquetSchema schema, ParquetOptions options, CancellationToken cancellationToken)
    {
        var content = new HashingStream(upload.Content);
        try
        {
            var writer = await ParquetWriter.CreateAsync(schema, content, options, append: false, cancellationToken);
            return new ParquetFileUpload(key, partitionDate, upload, content, writer);
        }
        catch
        {
            await content.DisposeAsync();
            await upload.DisposeAsync();
            throw;
        }
    }

    public async Task WriteRowGroupAsync<T>(IReadOnlyList<LakeColumnBuffer<T>> columns, int count, CancellationToken cancellationToken)
    {
        using (var rowGroup = _writer.CreateRowGroup())
        {
            foreach (var column in columns)
            {
                await column.WriteAsync(rowGroup, count, cancellationToken);
            }
        }

        Rows += count;
    }

    /// <summary>A row group whose columns <paramref name="write"/> writes itself (copied from other files).</summary>
    public async Task WriteRowGroupAsync(int count, Func<ParquetRowGroupWriter, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        using (var rowGroup = _writer.CreateRowGroup())
        {
            await write(rowGroup, cancellationToken);
        }

        Rows += count;
    }

    /// <summary>Writes the footer, makes the object visible and returns what the manifest records of it.</summary>
    public async Task<LakeFileWrittenAt> CompleteAsync(CancellationToken cancellationToken)
    {
        _writerClosed = true;
        await _writer.DisposeAsync();
        await _content.FlushAsync(cancellationToken);
        var sha256 = _content.FinishSha256();
        var size = _content.BytesWritten;
        var info = await _upload.CompleteAsync(cancellationToken);
        if (info.Size != size)
        {
            throw new InvalidOperationException($"The lake store holds {info.Size} bytes for {Key}, but {size} were written.");
        }

        return new LakeFileWrittenAt(new LakeFileWritten(Key, Rows, size, sha256), PartitionDate);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_writerClosed)
        {
            _writerClosed = true;
            try
            {
                // Writes a footer nobody will see; it releases the writer's buffers. A broken upload stream may refuse it.
                await _writer.DisposeAsync();
            }
            catch (Exception)
            {
                // Whatever went wrong, the upload is discarded below.
            }
        }

        // Not completed means discarded: the store makes nothing visible.
        await _upload.DisposeAsync();
        await _content.DisposeAsync();
    }
}

/// <summary>A completed file with the partition date it was written under (for its dispatch log).</summary>
internal sealed record LakeFileWrittenAt(LakeFileWritten File, DateOnly PartitionDate);
