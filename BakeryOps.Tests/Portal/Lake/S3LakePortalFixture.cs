using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Portal.Lake;

/// <summary>A portal on SQLite whose lake is a fresh bucket on the S3 protocol server, not the folder store.</summary>
public sealed class S3LakePortalFixture : PortalFixture, IAsyncLifetime
{
    public S3TestBucket Bucket { get; } = new();

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Lake:Store"] = "S3",
        ["Lake:S3:Bucket"] = Bucket.Name,
        ["Lake:S3:ServiceUrl"] = TestEnvironment.S3ServiceUrl.ToString(),
        ["Lake:S3:ForcePathStyle"] = "true",
        ["Lake:S3:Region"] = "us-east-1",
        ["Lake:S3:AccessKeyId"] = TestEnvironment.S3AccessKey,
        ["Lake:S3:SecretAccessKey"] = TestEnvironment.S3SecretKey,
    };

    async Task IAsyncLifetime.InitializeAsync()
    {
        await Bucket.InitializeAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Bucket.DisposeAsync();
    }
}
