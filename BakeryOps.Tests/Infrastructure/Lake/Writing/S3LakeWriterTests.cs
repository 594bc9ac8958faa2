using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Infrastructure.Lake.Writing;

/// <summary>The same suite on the S3 protocol server, with its dispatch logs in PostgreSQL.</summary>
[Trait("Category", "S3")]
[Trait("Category", "Postgres")]
public sealed class S3LakeWriterTests(S3TestBucket bucket) : LakeWriterTests(DatabaseProvider.Postgres), IClassFixture<S3TestBucket>
{
    protected override ILakeStore Store { get; } = S3TestStores.Create(bucket);

    /// <summary>
    /// s3rver implements neither ListMultipartUploads nor AbortMultipartUpload, so there is nothing more to ask it
    /// than the listing the test already checked; the store's own suite proves an abandoned upload sends its abort.
    /// </summary>
    protected override Task AssertNoUploadPendingAsync() => Task.CompletedTask;
}
