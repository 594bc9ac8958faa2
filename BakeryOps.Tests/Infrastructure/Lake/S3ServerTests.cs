using System.Security.Cryptography;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Infrastructure.Lake;

/// <summary>The S3 test server speaks the protocol the lake will use, byte for byte, with AWS SDK v4.</summary>
[Trait("Category", "S3")]
public sealed class S3ServerTests(S3TestBucket bucket) : IClassFixture<S3TestBucket>
{
    [Fact]
    public async Task PutAndGet_WhenAnObjectIsWritten_ThenTheSameBytesComeBack()
    {
        var bytes = RandomNumberGenerator.GetBytes(100_000);
        await bucket.Client.PutObjectAsync(new PutObjectRequest { BucketName = bucket.Name, Key = "probe/object.bin", InputStream = new MemoryStream(bytes) });

        using var response = await bucket.Client.GetObjectAsync(bucket.Name, "probe/object.bin");
        using var read = new MemoryStream();
        await response.ResponseStream.CopyToAsync(read);

        read.ToArray().Should().Equal(bytes);
    }

    [Fact]
    public async Task MultipartUpload_WhenTheObjectIsLarge_ThenRoundTripsByteForByte()
    {
        var bytes = RandomNumberGenerator.GetBytes(12 * 1024 * 1024);
        using var transfer = new TransferUtility(bucket.Client);
        await transfer.UploadAsync(new TransferUtilityUploadRequest
        {
            BucketName = bucket.Name, Key = "probe/large.bin", InputStream = new MemoryStream(bytes), PartSize = 5 * 1024 * 1024,
        });

        using var response = await bucket.Client.GetObjectAsync(bucket.Name, "probe/large.bin");
        using var read = new MemoryStream();
        await response.ResponseStream.CopyToAsync(read);

        SHA256.HashData(read.ToArray()).Should().Equal(SHA256.HashData(bytes));
    }
}
