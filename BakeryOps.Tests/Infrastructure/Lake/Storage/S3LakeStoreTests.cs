using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using BakeryOps.Infrastructure.Lake;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace BakeryOps.Tests.Infrastructure.Lake.Storage;

/// <summary>
/// The store against the S3 protocol server, through a client built by the portal's own factory. The requests the
/// real client sends are recorded from its response events, to see how an object went up.
/// </summary>
[Trait("Category", "S3")]
public sealed class S3LakeStoreTests : LakeStoreTests, IClassFixture<S3TestBucket>, IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly List<AmazonWebServiceRequest> _sent = [];
    private readonly List<AmazonWebServiceRequest> _attempted = [];
    private readonly List<AmazonWebServiceResponse> _answers = [];

    public S3LakeStoreTests(S3TestBucket bucket)
    {
        var options = new LakeS3Options
        {
            Bucket = bucket.Name,
            ServiceUrl = TestEnvironment.S3ServiceUrl.ToString(),
            ForcePathStyle = true,
            AccessKeyId = TestEnvironment.S3AccessKey,
            SecretAccessKey = TestEnvironment.S3SecretKey,
            ServerSideEncryption = "AES256",
            PartSizeMb = PartSizeMb,
        };
        _client = S3ClientFactory.Create(options);
        var events = (AmazonServiceClient)_client;
        // Requests the server refuses raise no response event, so attempts are recorded as well as answered requests.
        events.BeforeRequestEvent += (_, e) =>
        {
            if (e is WebServiceRequestEventArgs request)
            {
                lock (_sent)
                {
                    _attempted.Add(request.Request);
                }
            }
        };
        events.AfterResponseEvent += (_, e) =>
        {
            if (e is WebServiceResponseEventArgs response)
            {
                lock (_sent)
                {
                    _sent.Add(response.Request);
                    _answers.Add(response.Response);
                }
            }
        };
        Store = new S3LakeStore(_client, options, NullLogger<S3LakeStore>.Instance);
    }

    protected override ILakeStore Store { get; }

    public void Dispose() => _client.Dispose();

    protected override Task AssertNothingPendingAsync()
    {
        // s3rver 3.7.1 implements neither ListMultipartUploads nor AbortMultipartUpload, so what can be checked is
        // that every multipart upload that was started had its abort sent, and none was completed.
        List<string> started;
        lock (_sent)
        {
            started = _answers.OfType<InitiateMultipartUploadResponse>().Select(r => r.UploadId).ToList();
        }

        AbortsRequested.Should().BeEquivalentTo(started);
        Sent<CompleteMultipartUploadRequest>().Should().BeEmpty();
        Sent<PutObjectRequest>().Should().BeEmpty("an abandoned upload must not fall back to a single PutObject");
        return Task.CompletedTask;
    }

    protected override void AssertStreamedInParts(int parts, bool completed)
    {
        Sent<InitiateMultipartUploadRequest>().Should().ContainSingle()
            .Which.ServerSideEncryptionMethod.Should().Be(ServerSideEncryptionMethod.AES256);
        var sentParts = Sent<UploadPartRequest>();
        sentParts.Select(p => p.PartNumber).Should().Equal(Enumerable.Range(1, parts).Select(n => (int?)n));
        sentParts.Should().OnlyContain(p => p.PartSize == PartSizeMb * MiB);
        Sent<CompleteMultipartUploadRequest>().Should().HaveCount(completed ? 1 : 0);
        Sent<PutObjectRequest>().Should().BeEmpty();
    }

    [Fact]
    public async Task CompleteAsync_WhenTheObjectIsSmallerThanAPart_ThenOneEncryptedPutObjectAndNoMultipartUpload()
    {
        await WriteAsync(Root + "small.bin", new byte[PartSizeMb * MiB - 1]);

        Sent<PutObjectRequest>().Should().ContainSingle().Which.ServerSideEncryptionMethod.Should().Be(ServerSideEncryptionMethod.AES256);
        Sent<InitiateMultipartUploadRequest>().Should().BeEmpty();
    }

    [Fact]
    public async Task DisposeAsync_WhenAMultipartUploadWasNotCompleted_ThenItsAbortIsSentForThatUpload()
    {
        await using (var upload = await Store.BeginUploadAsync(Root + "abandoned.bin", default))
        {
            await upload.Content.WriteAsync(new byte[(PartSizeMb * MiB) + 1]);
        }

        var uploadId = Sent<UploadPartRequest>().Should().ContainSingle().Subject.UploadId;
        AbortsRequested.Should().Equal(uploadId);
        (await Store.GetInfoAsync(Root + "abandoned.bin", default)).Should().BeNull();
    }

    [Fact]
    public async Task ListAsync_WhenMoreObjectsThanOnePage_ThenEveryPageIsRead()
    {
        var names = Enumerable.Range(0, 1_005).Select(i => $"{Root}many/{i:D4}.bin").ToList();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (key, _) => await WriteAsync(key, [1]));

        var listed = await ListAsync(Root + "many/");

        listed.Select(o => o.Key).Should().Equal(names);
        Sent<ListObjectsV2Request>().Should().HaveCountGreaterThan(1);
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (key, token) => await Store.DeleteAsync(key, token));
    }

    private List<string> AbortsRequested
    {
        get
        {
            lock (_sent)
            {
                return _attempted.OfType<AbortMultipartUploadRequest>().Select(r => r.UploadId).ToList();
            }
        }
    }

    private List<T> Sent<T>() where T : AmazonWebServiceRequest
    {
        lock (_sent)
        {
            return _sent.OfType<T>().ToList();
        }
    }
}
