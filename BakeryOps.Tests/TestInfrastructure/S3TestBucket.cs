using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>A fresh bucket on the S3 protocol server that ./scripts/test.sh starts; emptied and removed on dispose.</summary>
public sealed class S3TestBucket : IAsyncLifetime
{
    public string Name { get; } = $"bakeryops-test-{Guid.NewGuid():N}"[..40];
    public IAmazonS3 Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Client = new AmazonS3Client(
            new BasicAWSCredentials(TestEnvironment.S3AccessKey, TestEnvironment.S3SecretKey),
            new AmazonS3Config { ServiceURL = TestEnvironment.S3ServiceUrl.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        await Client.PutBucketAsync(new PutBucketRequest { BucketName = Name });
    }

    public async Task DisposeAsync()
    {
        var listing = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Name });
        foreach (var item in listing.S3Objects ?? [])
        {
            await Client.DeleteObjectAsync(Name, item.Key);
        }

        await Client.DeleteBucketAsync(Name);
        Client.Dispose();
    }
}
