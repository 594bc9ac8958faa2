using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace BakeryOps.Infrastructure.Lake.Storage;

/// <summary>
/// The lake in an S3 bucket (or an S3-compatible store). Uploads buffer one part: an object that fits goes up in one
/// PutObject on completion, a larger one as a multipart upload whose parts are sent as they fill.
/// </summary>
public sealed partial class S3LakeStore : ILakeStore
{
    private readonly IAmazonS3 _client;
    private readonly LakeS3Options _options;
    private readonly ILogger<S3LakeStore> _logger;
    private readonly TimeProvider _clock;
    private readonly string _bucket;

    // Uploads this process started and could not abort; the sweep tries again even where the store cannot list them.
    private readonly ConcurrentDictionary<string, (string Key, DateTimeOffset StartedAt)> _unaborted = new(StringComparer.Ordinal);

    public S3LakeStore(IAmazonS3 client, LakeS3Options options, ILogger<S3LakeStore> logger, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Bucket);
        _client = client;
        _options = options;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
        _bucket = options.Bucket;
        Location = string.IsNullOrEmpty(options.ServiceUrl) ? $"s3://{_bucket}" : $"s3://{_bucket} at {options.ServiceUrl}";
    }

    public string Location { get; }

    public Task<ILakeUpload> BeginUploadAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<ILakeUpload>(new S3Upload(this, CheckKey(key)));
    }

    public async Task<LakeObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var head = await _client.GetObjectMetadataAsync(_bucket, CheckKey(key), cancellationToken);
            return new LakeObjectInfo(key, head.ContentLength, Utc(head.LastModified));
        }
        catch (AmazonS3Exception ex) when (IsNotFound(ex))
        {
            return null;
        }
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.GetObjectAsync(_bucket, CheckKey(key), cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception ex) when (IsNotFound(ex))
        {
            throw new LakeObjectNotFoundException(key);
        }
    }

    public async IAsyncEnumerable<LakeObjectInfo> ListAsync(string prefix, string? startAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, StartAfter = startAfter };
        do
        {
            var page = await _client.ListObjectsV2Async(request, cancellationToken);
            // SDK v4 leaves collections null rather than empty.
            foreach (var item in page.S3Objects ?? [])
            {
                yield return new LakeObjectInfo(item.Key, item.Size ?? 0, Utc(item.LastModified));
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (!string.IsNullOrEmpty(request.ContinuationToken));
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        await _client.DeleteObjectAsync(_bucket, CheckKey(key), cancellationToken);

    public async Task<int> SweepAbandonedUploadsAsync(string prefix, DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var stale = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (uploadId, (key, startedAt)) in _unaborted)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && startedAt < olderThan)
            {
                stale[uploadId] = key;
            }
        }

        try
        {
            var request = new ListMultipartUploadsRequest { BucketName = _bucket, Prefix = prefix };
            do
            {
                var page = await _client.ListMultipartUploadsAsync(request, cancellationToken);
                foreach (var upload in page.MultipartUploads ?? [])
                {
                    if (Utc(upload.Initiated) < olderThan)
                    {
                        stale[upload.UploadId] = upload.Key;
                    }
                }

                (request.KeyMarker, request.UploadIdMarker) = page.IsTruncated == true ? (page.NextKeyMarker, page.NextUploadIdMarker) : (null, null);
            }
            while (request.KeyMarker is not null);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotImplemented || ex.ErrorCode == "NotImplemented")
        {
            // Some S3-compatible stores cannot list uploads; the ones this process failed to abort are still known.
            LogMultipartListingUnsupported(ex);
        }

        var aborted = 0;
        foreach (var (uploadId, key) in stale)
        {
            try
            {
                await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId }, cancellationToken);
                aborted++;
            }
            catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchUpload")
            {
                // Completed or aborted meanwhile: nothing left to remove.
            }

            _unaborted.TryRemove(uploadId, out _);
        }

        return aborted;
    }

    private static string CheckKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return key;
    }

    private static bool IsNotFound(AmazonS3Exception ex) =>
        ex.StatusCode == HttpStatusCode.NotFound || ex.ErrorCode is "NoSuchKey" or "NotFound";

    // The SDK reports times as local or unspecified DateTime values depending on the call; the lake speaks UTC.
    private static DateTimeOffset Utc(DateTime? value) => value switch
    {
        null => DateTimeOffset.UnixEpoch,
        { Kind: DateTimeKind.Utc } utc => new DateTimeOffset(utc, TimeSpan.Zero),
        { Kind: DateTimeKind.Local } local => new DateTimeOffset(local.ToUniversalTime(), TimeSpan.Zero),
        { } unspecified => new DateTimeOffset(DateTime.SpecifyKind(unspecified, DateTimeKind.Utc), TimeSpan.Zero),
    };

    private void ApplyEncryption(PutObjectRequest request)
    {
        if (!string.IsNullOrEmpty(_options.ServerSideEncryption))
        {
            request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.FindValue(_options.ServerSideEncryption);
            request.ServerSideEncryptionKeyManagementServiceKeyId = NullIfEmpty(_options.KmsKeyId);
        }
    }

    private void ApplyEncryption(InitiateMultipartUploadRequest request)
    {
        if (!string.IsNullOrEmpty(_options.ServerSideEncryption))
        {
            request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.FindValue(_options.ServerSideEncryption);
            request.ServerSideEncryptionKeyManagementServiceKeyId = NullIfEmpty(_options.KmsKeyId);
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lake multipart upload {UploadId} started for {Key}")]
    private partial void LogMultipartStarted(string key, string uploadId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lake object {Key} stored: {Size} bytes in {Parts} part(s)")]
    private partial void LogStored(string key, long size, int parts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lake object {Key} may exist although its upload failed, and could not be removed")]
    private partial void LogOrphanPossible(string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The lake's S3 store cannot list incomplete multipart uploads; only those this process failed to abort are swept")]
    private partial void LogMultipartListingUnsupported(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lake multipart upload {UploadId} for {Key} could not be aborted; the lake housekeeping tries again, and a bucket lifecycle rule for incomplete multipart uploads removes its parts")]
    private partial void LogAbortFailed(Exception exception, string key, string uploadId);

    /// <summary>One object being written: a buffer of at most one part, then parts sent in order.</summary>
    private sealed class S3Upload : ILakeUpload
    {
        // S3 numbers parts 1 to 10,000.
        private const int MaxParts = 10_000;

        private readonly S3LakeStore _store;
        private readonly string _key;
        private readonly MemoryStream _buffer;
        private readonly List<UploadPartResponse> _parts = [];
        private string? _uploadId;
        private DateTimeOffset _startedAt;
        private long _size;
        private bool _completed;
        private bool _failed;

        public S3Upload(S3LakeStore store, string key)
        {
            _store = store;
            _key = key;
            // Small objects stay small; the buffer grows towards one part only when the data does.
            _buffer = new MemoryStream(Math.Min(store._options.PartSizeBytes, 64 * 1024));
            Content = new UploadStream(this);
        }

        public Stream Content { get; }

        private int PartSize => _store._options.PartSizeBytes;
        private IAmazonS3 Client => _store._client;

        public async Task<LakeObjectInfo> CompleteAsync(CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            ThrowIfFailed();
            try
            {
                if (_uploadId is null)
                {
                    var put = new PutObjectRequest
                    {
                        BucketName = _store._bucket,
                        Key = _key,
                        InputStream = new MemoryStream(_buffer.GetBuffer(), 0, (int)_buffer.Length, writable: false),
                        AutoCloseStream = true,
                    };
                    _store.ApplyEncryption(put);
                    await Client.PutObjectAsync(put, cancellationToken);
                }
                else
                {
                    // An object that is an exact multiple of the part size has nothing left over, and S3 takes no empty part.
                    if (_buffer.Length > 0)
                    {
                        await SendPartAsync(cancellationToken);
                    }

                    var complete = new CompleteMultipartUploadRequest { BucketName = _store._bucket, Key = _key, UploadId = _uploadId };
                    complete.AddPartETagsAndChecksums(_parts);
                    await Client.CompleteMultipartUploadAsync(complete, cancellationToken);
                }
            }
            catch
            {
                _failed = true;
                // S3 may have stored the object before the answer was lost; keys are unique per upload, so removing
                // it cannot hit anything else, and a caller that sees this failure never records the key.
                try
                {
                    await _store.DeleteAsync(_key, CancellationToken.None);
                }
                catch (Exception cleanup) when (cleanup is AmazonServiceException or HttpRequestException or IOException)
                {
                    _store.LogOrphanPossible(_key, cleanup);
                }

                throw;
            }

            _completed = true;
            _store.LogStored(_key, _size, Math.Max(_parts.Count, 1));
            return await _store.GetInfoAsync(_key, cancellationToken)
                ?? throw new InvalidOperationException($"The lake object '{_key}' is missing right after its upload completed.");
        }

        public async ValueTask DisposeAsync()
        {
            await _buffer.DisposeAsync();
            if (_completed || _uploadId is null)
            {
                return;
            }

            try
            {
                await Client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _store._bucket, Key = _key, UploadId = _uploadId }, CancellationToken.None);
            }
            catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException)
            {
                // Dispose runs on the failure path; throwing here would hide the error that got us here.
                _store.LogAbortFailed(ex, _key, _uploadId);
                _store._unaborted[_uploadId] = (_key, _startedAt);
            }
        }

        private async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            ThrowIfFailed();
            try
            {
                while (data.Length > 0)
                {
                    var room = PartSize - (int)_buffer.Length;
                    var take = Math.Min(room, data.Length);
                    _buffer.Write(data.Span[..take]);
                    _size += take;
                    data = data[take..];
                    if (_buffer.Length == PartSize)
                    {
                        await SendPartAsync(cancellationToken);
                    }
                }
            }
            catch
            {
                _failed = true;
                throw;
            }
        }

        private async Task SendPartAsync(CancellationToken cancellationToken)
        {
            if (_uploadId is null)
            {
                var initiate = new InitiateMultipartUploadRequest { BucketName = _store._bucket, Key = _key, ChecksumAlgorithm = ChecksumAlgorithm.CRC32 };
                _store.ApplyEncryption(initiate);
                _uploadId = (await Client.InitiateMultipartUploadAsync(initiate, cancellationToken)).UploadId;
                _startedAt = _store._clock.GetUtcNow();
                _store.LogMultipartStarted(_key, _uploadId);
            }

            var number = _parts.Count + 1;
            if (number > MaxParts)
            {
                throw new InvalidOperationException($"The lake object '{_key}' needs more than {MaxParts} parts; raise Lake:S3:PartSizeMb.");
            }

            var part = await Client.UploadPartAsync(
                new UploadPartRequest
                {
                    BucketName = _store._bucket,
                    Key = _key,
                    UploadId = _uploadId,
                    PartNumber = number,
                    PartSize = _buffer.Length,
                    InputStream = new MemoryStream(_buffer.GetBuffer(), 0, (int)_buffer.Length, writable: false),
                    ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
                },
                cancellationToken);
            part.PartNumber ??= number;
            _parts.Add(part);
            _buffer.SetLength(0);
        }

        private void ThrowIfFailed()
        {
            if (_failed)
            {
                throw new InvalidOperationException($"An earlier write of the lake object '{_key}' failed; the upload cannot be completed.");
            }
        }

        /// <summary>Write-only and forward-only; closing it does not finish the upload (only CompleteAsync does).</summary>
        private sealed class UploadStream(S3Upload upload) : Stream
        {
            private long _position;

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => _position;

            public override long Position
            {
                get => _position;
                set => throw new NotSupportedException();
            }

            public override void Write(byte[] buffer, int offset, int count) =>
                WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

            public override void Write(ReadOnlySpan<byte> buffer) =>
                WriteAsync(buffer.ToArray()).AsTask().GetAwaiter().GetResult();

            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                await upload.WriteAsync(buffer, cancellationToken);
                _position += buffer.Length;
            }

            public override void Flush()
            {
                // Parts go up when they fill; an early flush would only make undersized parts.
            }

            public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}
