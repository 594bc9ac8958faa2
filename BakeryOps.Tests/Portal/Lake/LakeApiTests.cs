using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BakeryOps.Domain.Identity;
using BakeryOps.Domain.Schemas;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Schemas;
using BakeryOps.Infrastructure.Lake.Catalog;
using BakeryOps.Tests.Portal.Inventory;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Lake;

/// <summary>Every /s3 endpoint and its errors, on both providers, over the portal's folder store.</summary>
public abstract class LakeApiTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private static string NewDataset() => $"t_{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task ListDispatches_WhenFilteredByDatasetAndDates_ThenNewestFirstWithTheTotalAndEveryField()
    {
        var dataset = NewDataset();
        var oldest = await LakeTestData.AddFileAsync(fixture.Services, dataset, new DateOnly(2025, 3, 1), 3);
        var middle = await LakeTestData.AddFileAsync(fixture.Services, dataset, new DateOnly(2025, 3, 2), 4);
        var newest = await LakeTestData.AddFileAsync(fixture.Services, dataset, new DateOnly(2025, 3, 2), 5,
            new DateTimeOffset(2025, 3, 2, 18, 0, 0, TimeSpan.Zero));
        await LakeTestData.AddFileAsync(fixture.Services, dataset, new DateOnly(2025, 3, 5), 1);
        await LakeTestData.AddFileAsync(fixture.Services, NewDataset(), new DateOnly(2025, 3, 2), 1);
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.GetAsync($"s3/dispatches?dataset={dataset}&startDate=2025-03-01&endDate=2025-03-02&size=2");
        var items = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var second = await api.Http.GetAsync($"s3/dispatches?dataset={dataset}&startDate=2025-03-01&endDate=2025-03-02&size=2&offset=2");
        var rest = await second.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("X-Total-Count").Should().Equal("3");
        items.EnumerateArray().Select(i => i.GetProperty("key").GetString()).Should().Equal(newest.ObjectKey, middle.ObjectKey);
        rest.EnumerateArray().Select(i => i.GetProperty("key").GetString()).Should().Equal(oldest.ObjectKey);
        var first = items[0];
        first.GetProperty("dataset").GetString().Should().Be(dataset);
        first.GetProperty("date").GetString().Should().Be("2025-03-02");
        first.GetProperty("size").GetInt64().Should().Be(newest.SizeBytes);
        first.GetProperty("rows").GetInt64().Should().Be(5);
        first.GetProperty("sha256").GetString().Should().Be(newest.Sha256);
        first.GetProperty("runId").GetGuid().Should().Be(newest.RunId!.Value);
        first.GetProperty("lastModified").GetDateTimeOffset().Should().Be(newest.CreatedAt);
    }

    [Fact]
    public async Task Catalog_WhenFilesAreLogged_ThenDatasetsAndPartitionsAreTotalledNewestFirst()
    {
        var dataset = NewDataset();
        var a = await LakeTestData.AddFileAsync(fixture.Services, dataset, new DateOnly(2025, 4, 1), 3);
        var b = await LakeTestData.AddFileAsync(fixture.Services, dataset, new DateOnly(2025, 4, 2), 4);
        var c = await LakeTestData.AddFileAsync(fixture.Services, dataset, new DateOnly(2025, 4, 2), 5);
        var catalog = new LakeCatalog(fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>());

        var datasets = await catalog.ListDatasetsAsync(CancellationToken.None);
        var partitions = await catalog.ListPartitionsAsync(dataset, CancellationToken.None);

        datasets.Should().ContainSingle(d => d.Dataset == dataset).Which.Should()
            .Be(new LakeDatasetView(dataset, 3, 12, a.SizeBytes + b.SizeBytes + c.SizeBytes));
        partitions.Should().Equal(
            new LakePartitionView(new DateOnly(2025, 4, 2), 2, 9, b.SizeBytes + c.SizeBytes),
            new LakePartitionView(new DateOnly(2025, 4, 1), 1, 3, a.SizeBytes));
    }

    [Theory]
    [InlineData("startDate=2025-13-01", "startDate")]
    [InlineData("startDate=01/03/2025", "startDate")]
    [InlineData("endDate=yesterday", "endDate")]
    [InlineData("startDate=2025-03-05&endDate=2025-03-01", "endDate")]
    [InlineData("size=0", "size")]
    [InlineData("size=1001", "size")]
    [InlineData("size=ten", "size")]
    [InlineData("offset=-1", "offset")]
    [InlineData("dataset=Not-A-Dataset", "dataset")]
    public async Task ListDispatches_WhenAParameterIsInvalid_Then400NamingIt(string query, string parameter)
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.GetAsync($"s3/dispatches?{query}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue(problem.ToString());
    }

    [Fact]
    public async Task LakeEndpoints_WhenAnonymous_Then401()
    {
        using var client = fixture.CreateClient();

        foreach (var path in new[] { "s3/dispatches", "s3/schemas", "s3/download/jde-ingestion/x.json", "s3/preview/jde-ingestion/x.parquet", "s3/manifests/verify?key=x" })
        {
            using var response = await client.GetAsync(path);
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, path);
        }
    }

    [Fact]
    public async Task Download_WhenTheFileExists_ThenStreamsTheExactBytesAsAParquetAttachment()
    {
        var file = await LakeTestData.AddFileAsync(fixture.Services, NewDataset(), new DateOnly(2025, 3, 3), 7);
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.GetAsync($"s3/download/{file.ObjectKey}");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.apache.parquet");
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        response.Content.Headers.ContentDisposition.FileName.Should().Be(file.ObjectKey.Split('/')[^1]);
        response.Content.Headers.ContentLength.Should().Be(file.SizeBytes);
        Convert.ToHexStringLower(SHA256.HashData(bytes)).Should().Be(file.Sha256);
    }

    [Fact]
    public async Task Download_WhenTheKeyIsUnderThePrefixButMissing_Then404WithoutTheKey()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.GetAsync("s3/download/jde-ingestion/nothing/here.parquet");
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        body.Should().NotContain("here.parquet");
    }

    [Fact]
    public async Task Preview_WhenAParquetFile_ThenTheFirstRowsWithExactDecimalsDatesAndUtcTimestamps()
    {
        var file = await LakeTestData.AddFileAsync(fixture.Services, NewDataset(), new DateOnly(2025, 3, 4), 3);
        var expected = LakeTestData.Ledger(3);
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.GetAsync($"s3/preview/{file.ObjectKey}?rows=2");
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.Should().Be(HttpStatusCode.OK, preview.ToString());
        preview.GetProperty("key").GetString().Should().Be(file.ObjectKey);
        preview.GetProperty("totalRows").GetInt64().Should().Be(3);
        preview.GetProperty("columns").EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()}:{c.GetProperty("type").GetString()}")
            .Should().Equal("item_number:STRING", "qty:DECIMAL(18,4)", "trans_date:DATE", "updated_at:TIMESTAMP (UTC)", "lot:STRING");
        var rows = preview.GetProperty("rows");
        rows.GetArrayLength().Should().Be(2);
        rows[0].GetProperty("item_number").GetString().Should().Be("ITEM-001");
        rows[0].GetProperty("qty").GetString().Should().Be("13.5000");
        rows[0].GetProperty("trans_date").GetString().Should().Be(expected[0].TransDate.ToString("yyyy-MM-dd"));
        rows[0].GetProperty("updated_at").GetString().Should().Be("2025-03-10T08:15:30.000124Z");
        rows[0].GetProperty("lot").GetString().Should().Be("LOT-1");
        rows[1].GetProperty("lot").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("many")]
    public async Task Preview_WhenRowsIsOutOfRange_Then400NamingRows(string rows)
    {
        var file = await LakeTestData.AddFileAsync(fixture.Services, NewDataset(), new DateOnly(2025, 3, 4), 1);
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.GetAsync($"s3/preview/{file.ObjectKey}?rows={rows}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("rows", out _).Should().BeTrue(problem.ToString());
    }

    [Fact]
    public async Task Preview_WhenTheObjectIsNotParquet_Then422SayingSo()
    {
        var key = $"jde-ingestion/{NewDataset()}/notes.json";
        await LakeTestData.PutAsync(fixture.Services, key, Encoding.UTF8.GetBytes("""{"not":"parquet","padding":"0123456789"}"""));
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.GetAsync($"s3/preview/{key}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString().Should().Contain("not a Parquet file");
    }

    [Fact]
    public async Task Preview_WhenMissing_Then404()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.GetAsync("s3/preview/jde-ingestion/nothing/here.parquet");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task VerifyManifest_WhenARunIsIntactAndThenTampered_ThenValidThenTheFileIsReported()
    {
        var dataset = NewDataset();
        LakeWriteResult written;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var writer = scope.ServiceProvider.GetRequiredService<ILakeWriter>();
            IReadOnlyList<IReadOnlyDictionary<string, object?>> records =
            [
                new Dictionary<string, object?> { ["item"] = "A", ["qty"] = 1.25m },
                new Dictionary<string, object?> { ["item"] = "B", ["qty"] = 2.5m },
            ];
            written = await writer.WriteRecordsAsync(dataset, records, new LakeRun(Guid.NewGuid(), "test"), CancellationToken.None);
        }

        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var verifyPath = $"s3/manifests/verify?key={Uri.EscapeDataString(written.ManifestKey)}";

        var intact = await api.Http.GetFromJsonAsync<JsonElement>(verifyPath);
        var listed = await api.Http.GetFromJsonAsync<JsonElement>($"s3/dispatches?dataset={dataset}");
        await LakeTestData.PutAsync(fixture.Services, written.Files[0].Key, await LakeTestData.ParquetAsync(LakeTestData.Ledger(1)));
        var tampered = await api.Http.GetFromJsonAsync<JsonElement>(verifyPath);

        intact.GetProperty("valid").GetBoolean().Should().BeTrue(intact.ToString());
        intact.GetProperty("files").GetArrayLength().Should().Be(written.Files.Count);
        listed.EnumerateArray().Select(i => i.GetProperty("key").GetString()).Should().BeEquivalentTo(written.Files.Select(f => f.Key));
        tampered.GetProperty("valid").GetBoolean().Should().BeFalse();
        tampered.GetProperty("files")[0].GetProperty("valid").GetBoolean().Should().BeFalse();
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("../../etc/passwd", HttpStatusCode.BadRequest)]
    [InlineData("jde-ingestion/_manifests/none/none_20250101_000000_x.json", HttpStatusCode.NotFound)]
    public async Task VerifyManifest_WhenTheKeyIsMissingInvalidOrUnknown_ThenProblem(string key, HttpStatusCode expected)
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.GetAsync($"s3/manifests/verify?key={Uri.EscapeDataString(key)}");

        response.StatusCode.Should().Be(expected);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Schemas_WhenADatasetHasTwoVersions_ThenListVersionsJsonDdlAndDiffDescribeThem()
    {
        var dataset = await RegisterTwoVersionsAsync();
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        var list = await api.Http.GetFromJsonAsync<JsonElement>("s3/schemas");
        var detail = await api.Http.GetFromJsonAsync<JsonElement>($"s3/schemas/{dataset}");
        using var json = await api.Http.GetAsync($"s3/schemas/{dataset}/versions/2");
        using var create = await api.Http.GetAsync($"s3/schemas/{dataset}/versions/2/ddl");
        using var alter = await api.Http.GetAsync($"s3/schemas/{dataset}/versions/2/ddl?from=1");
        var diff = await api.Http.GetFromJsonAsync<JsonElement>($"s3/schemas/{dataset}/diff?from=1&to=2");

        var entry = list.EnumerateArray().Single(d => d.GetProperty("dataset").GetString() == dataset);
        entry.GetProperty("currentVersion").GetInt32().Should().Be(2);
        entry.GetProperty("compatibility").GetString().Should().Be("BACKWARD");
        detail.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).Should().Equal(1, 2);
        json.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        SchemaJson.Deserialize(await json.Content.ReadAsStringAsync()).Fields.Select(f => f.Name).Should().Equal("item", "qty", "lot");
        create.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        (await create.Content.ReadAsStringAsync()).Should().Contain("CREATE TABLE").And.Contain("\"qty\"").And.Contain("\"lot\"");
        var alterText = await alter.Content.ReadAsStringAsync();
        alterText.Should().Contain("ALTER TABLE").And.Contain("ADD COLUMN").And.Contain("\"lot\"").And.NotContain("\"qty\"");
        diff.GetProperty("added").EnumerateArray().Select(f => f.GetProperty("name").GetString()).Should().Equal("lot");
        diff.GetProperty("removed").GetArrayLength().Should().Be(0);
        diff.GetProperty("changed").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("s3/schemas/{0}-missing")]
    [InlineData("s3/schemas/no_such_dataset_here")]
    [InlineData("s3/schemas/{0}/versions/9")]
    [InlineData("s3/schemas/{0}/versions/9/ddl")]
    [InlineData("s3/schemas/{0}/versions/9/ddl?from=1")]
    [InlineData("s3/schemas/{0}/diff?from=1&to=9")]
    [InlineData("s3/schemas/no_such_dataset_here/diff?from=1&to=2")]
    public async Task Schemas_WhenTheDatasetOrVersionIsUnknown_Then404(string pathFormat)
    {
        var dataset = await RegisterTwoVersionsAsync();
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, pathFormat, dataset));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData("s3/schemas/{0}/diff?from=1", "to")]
    [InlineData("s3/schemas/{0}/diff?to=2", "from")]
    [InlineData("s3/schemas/{0}/diff?from=one&to=2", "from")]
    [InlineData("s3/schemas/{0}/versions/2/ddl?from=2", "from")]
    [InlineData("s3/schemas/{0}/versions/2/ddl?from=9", "from")]
    [InlineData("s3/schemas/{0}/versions/2/ddl?from=x", "from")]
    public async Task Schemas_WhenAVersionParameterIsInvalid_Then400NamingIt(string pathFormat, string parameter)
    {
        var dataset = await RegisterTwoVersionsAsync();
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, pathFormat, dataset));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue(problem.ToString());
    }

    [Theory]
    [InlineData("""{"mode":"FULL_TRANSITIVE"}""", "FULL_TRANSITIVE")]
    [InlineData("""{"compatibility":"forward"}""", "FORWARD")]
    [InlineData("""{"mode":"NONE"}""", "NONE")]
    public async Task SetCompatibility_WhenAnAdminSendsAConfluentMode_ThenItIsStoredAndListed(string body, string expected)
    {
        var dataset = await RegisterTwoVersionsAsync();
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.PutAsync($"s3/schemas/{dataset}/compatibility", new StringContent(body, Encoding.UTF8, "application/json"));
        var updated = await response.Content.ReadFromJsonAsync<JsonElement>();
        var detail = await api.Http.GetFromJsonAsync<JsonElement>($"s3/schemas/{dataset}");

        response.StatusCode.Should().Be(HttpStatusCode.OK, updated.ToString());
        updated.GetProperty("compatibility").GetString().Should().Be(expected);
        detail.GetProperty("dataset").GetProperty("compatibility").GetString().Should().Be(expected);
    }

    [Theory]
    [InlineData("""{"mode":"SIDEWAYS"}""", "mode")]
    [InlineData("""{}""", "mode")]
    [InlineData("""{"mode": """, "body")]
    public async Task SetCompatibility_WhenTheModeIsNotAConfluentMode_Then400(string body, string field)
    {
        var dataset = await RegisterTwoVersionsAsync();
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.PutAsync($"s3/schemas/{dataset}/compatibility", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
    }

    [Fact]
    public async Task SetCompatibility_WhenTheDatasetIsUnknown_Then404()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.PutAsync($"s3/schemas/{NewDataset()}/compatibility",
            new StringContent("""{"mode":"FULL"}""", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SetCompatibility_WhenTheCallerIsNotAnAdmin_Then403AndTheModeIsUnchanged()
    {
        var dataset = await RegisterTwoVersionsAsync();
        var planner = $"planner{Guid.NewGuid():N}"[..16];
        await fixture.CreateUserAsync(planner, "Planner-Passw0rd!", Roles.Planner);
        using var api = await BakeryOpsApiClient.SignInAsync(fixture, planner, "Planner-Passw0rd!");

        using var response = await api.Http.PutAsync($"s3/schemas/{dataset}/compatibility",
            new StringContent("""{"mode":"NONE"}""", Encoding.UTF8, "application/json"));
        var detail = await api.Http.GetFromJsonAsync<JsonElement>($"s3/schemas/{dataset}");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        detail.GetProperty("dataset").GetProperty("compatibility").GetString().Should().Be("BACKWARD");
    }

    private async Task<string> RegisterTwoVersionsAsync()
    {
        var dataset = NewDataset();
        var registry = fixture.Services.GetRequiredService<ISchemaRegistry>();
        SchemaField[] first =
        [
            new("item", SchemaFieldType.String, false, MaxLength: 20),
            new("qty", SchemaFieldType.Decimal, false, Precision: 18, Scale: 4),
        ];
        (await registry.RegisterAsync(new DatasetSchema(dataset, first), "test", CancellationToken.None)).Accepted.Should().BeTrue();
        var second = await registry.RegisterAsync(
            new DatasetSchema(dataset, [.. first, new SchemaField("lot", SchemaFieldType.String, true, MaxLength: 10)]), "test", CancellationToken.None);
        second.Should().Match<SchemaRegistration>(r => r.Accepted && r.Version == 2, string.Join("; ", second.Incompatibilities));
        return dataset;
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteLakeApiTests(SqlitePortalFixture fixture)
    : LakeApiTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresLakeApiTests(PostgresPortalFixture fixture)
    : LakeApiTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
