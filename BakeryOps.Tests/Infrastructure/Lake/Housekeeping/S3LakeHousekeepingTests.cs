using Amazon.S3.Model;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.Infrastructure.Lake.Writing;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Infrastructure.Lake.Housekeeping;

/// <summary>The same suite on the S3 protocol server, with its dispatch logs in PostgreSQL.</summary>
[Trait("Category", "S3")]
[Trait("Category", "Postgres")]
public sealed class S3LakeHousekeepingTests(S3TestBucket bucket) : LakeHousekeepingTests(DatabaseProvider.Postgres), IClassFixture<S3TestBucket>
{
    protected override ILakeStore Store { get; } = S3TestStores.Create(bucket);

    /// <summary>
    /// No object outside the lake's layout under the prefix; the bucket's incomplete multipart uploads are asked for
    /// where the server can list them (s3rver cannot: it answers NotImplemented, which the sweep copes with).
    /// </summary>
    protected override async Task AssertNoUploadPendingAsync()
    {
        (await KeysAsync()).Should().OnlyContain(k => k.EndsWith(".parquet", StringComparison.Ordinal) || k.EndsWith(".json", StringComparison.Ordinal));
        try
        {
            var uploads = await bucket.Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket.Name, Prefix = Prefix + "/" });
            (uploads.MultipartUploads ?? []).Should().BeEmpty();
        }
        catch (Amazon.S3.AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotImplemented || ex.ErrorCode == "NotImplemented")
        {
            // s3rver: nothing more to ask.
        }
    }
}
