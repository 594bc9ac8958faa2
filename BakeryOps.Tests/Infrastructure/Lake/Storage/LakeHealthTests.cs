using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Infrastructure.Lake.Storage;

[Trait("Category", "Sqlite")]
public sealed class LakeHealthTests(SqlitePortalFixture fixture) : IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public async Task Health_WhenTheLakeFolderIsWritable_ThenTheLakeEntryIsHealthyAndNoProbeIsLeft()
    {
        var lakeFolder = Path.Combine(fixture.Factory.DataDirectory, "lake");
        using var client = fixture.CreateClient();

        var entry = await LakeEntryAsync(client);

        entry.GetProperty("status").GetString().Should().Be("healthy");
        entry.GetProperty("description").GetString().Should().StartWith($"Folder {lakeFolder}: writable");
        entry.GetProperty("data").GetProperty("store").GetString().Should().Be("Folder");
        entry.GetProperty("data").GetProperty("location").GetString().Should().Be(lakeFolder);
        fixture.Services.GetRequiredService<ILakeStore>().Should().BeOfType<FolderLakeStore>();
        Directory.EnumerateFiles(Path.Combine(lakeFolder, "jde-ingestion", "_health")).Should().BeEmpty();
        Directory.EnumerateFiles(Path.Combine(lakeFolder, FolderLakeStore.UploadFolder)).Should().BeEmpty();
    }

    [Fact]
    public async Task Health_WhenTheLakeFolderPathIsAFile_ThenTheLakeEntryIsUnhealthyButReadinessIsNot()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var file = Path.GetTempFileName();
        try
        {
            await using var factory = new PortalFactory(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["Database:ConnectionString"] = database.ConnectionString,
                ["Lake:FolderPath"] = file,
            });
            using var client = factory.CreateHttpClient();

            var entry = await LakeEntryAsync(client);
            using var ready = await client.GetAsync("health/ready");

            entry.GetProperty("status").GetString().Should().Be("unhealthy");
            entry.GetProperty("description").GetString().Should().StartWith($"Folder {file}: not reachable or not writable");
            ready.IsSuccessStatusCode.Should().BeTrue();
        }
        finally
        {
            File.Delete(file);
            await database.DisposeAsync();
        }
    }

    internal static async Task<JsonElement> LakeEntryAsync(HttpClient client)
    {
        using var response = await client.GetAsync("health");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("checks").GetProperty("lake");
    }
}

[Trait("Category", "S3")]
public sealed class S3LakeHealthTests(S3TestBucket bucket) : IClassFixture<S3TestBucket>
{
    private const string Secret = "s3-secret-that-must-never-show";

    [Fact]
    public async Task Health_WhenTheBucketIsReachable_ThenTheLakeEntryIsHealthyAndNamesTheBucketOnly()
    {
        await using var portal = await PortalAsync(new Dictionary<string, string?>
        {
            ["Lake:S3:ServiceUrl"] = TestEnvironment.S3ServiceUrl.ToString(),
            ["Lake:S3:AccessKeyId"] = TestEnvironment.S3AccessKey,
            ["Lake:S3:SecretAccessKey"] = TestEnvironment.S3SecretKey,
        });
        using var client = portal.Factory.CreateHttpClient();

        var entry = await LakeHealthTests.LakeEntryAsync(client);

        entry.GetProperty("status").GetString().Should().Be("healthy");
        entry.GetProperty("description").GetString().Should().StartWith($"S3 s3://{bucket.Name} at {TestEnvironment.S3ServiceUrl}: writable");
        entry.GetRawText().Should().NotContain(TestEnvironment.S3SecretKey);
        var left = await bucket.Client.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket.Name, Prefix = "jde-ingestion/_health/" });
        (left.S3Objects ?? []).Should().BeEmpty();
    }

    [Fact]
    public async Task Health_WhenTheEndpointIsUnreachable_ThenTheLakeEntryIsUnhealthyWithoutCredentials()
    {
        await using var portal = await PortalAsync(new Dictionary<string, string?>
        {
            ["Lake:S3:ServiceUrl"] = "http://127.0.0.1:9",
            ["Lake:S3:AccessKeyId"] = "AKIATESTKEY",
            ["Lake:S3:SecretAccessKey"] = Secret,
        });
        using var client = portal.Factory.CreateHttpClient();

        using var response = await client.GetAsync("health");
        var body = await response.Content.ReadAsStringAsync();
        var entry = JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("lake");

        entry.GetProperty("status").GetString().Should().Be("unhealthy");
        entry.GetProperty("description").GetString().Should().StartWith($"S3");
        body.Should().NotContain(Secret).And.NotContain("AKIATESTKEY");
    }

    private async Task<S3Portal> PortalAsync(Dictionary<string, string?> s3)
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var settings = new Dictionary<string, string?>(s3)
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Lake:Store"] = "S3",
            ["Lake:S3:Bucket"] = bucket.Name,
            ["Lake:S3:ForcePathStyle"] = "true",
        };
        return new S3Portal(new PortalFactory(settings), database);
    }

    private sealed class S3Portal(PortalFactory factory, TestDatabase database) : IAsyncDisposable
    {
        public PortalFactory Factory => factory;

        public async ValueTask DisposeAsync()
        {
            await factory.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}
