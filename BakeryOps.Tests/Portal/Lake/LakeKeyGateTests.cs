using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using BakeryOps.Tests.Portal.Inventory;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Portal.Lake;

/// <summary>
/// /s3/download and /s3/preview open only plain keys under the lake prefix, on the folder store and on the S3
/// server: traversal, absolute paths, keys outside the prefix and their encoded forms are refused, and nothing
/// outside the prefix is ever returned. Requests are sent with the raw path, so the client does not tidy them first.
/// </summary>
public abstract class LakeKeyGateTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    protected const string Secret = "TOP-SECRET-NOT-LAKE-DATA";
    protected const string InsideKey = "jde-ingestion/gate_test/inside.json";

    /// <summary>
    /// Each case: the path after /s3/download/ exactly as sent, and who refuses it: the endpoint's key gate (400 naming
    /// the key, instance /s3/download), or Kestrel before any endpoint runs (NUL and spaces are not valid in a request
    /// target; dot segments that climb above /s3/download/ leave no lake route to match).
    /// </summary>
    public static TheoryData<string, string> RefusedKeys => new()
    {
        { "../secret.txt", Server },
        { "../../secret.txt", Server },
        { "jde-ingestion/../../secret.txt", Server },
        { "jde-ingestion/%2e%2e/%2e%2e/secret.txt", Server },
        { "jde-ingestion/../secret.txt", Gate },
        { "jde-ingestion/../outside/secret.txt", Gate },
        { "jde-ingestion/gate_test/../../outside/secret.txt", Gate },
        { "jde-ingestion/gate_test/%2e%2e/%2e%2e/secret.txt", Gate },
        { "/etc/passwd", Gate },
        { "//etc/passwd", Gate },
        { "%2fetc%2fpasswd", Gate },
        { "outside/secret.txt", Gate },
        { "jde-ingestion-other/secret.txt", Gate },
        { "%2e%2e%2fsecret.txt", Gate },
        { "jde-ingestion/%2e%2e%2f%2e%2e%2fsecret.txt", Gate },
        { "jde-ingestion/..%2f..%2fsecret.txt", Gate },
        { "jde-ingestion%2f..%2f..%2fsecret.txt", Gate },
        { "jde-ingestion/%252e%252e/%252e%252e/secret.txt", Gate },
        { "jde-ingestion/%252e%252e%252f%252e%252e%252fsecret.txt", Gate },
        { "jde-ingestion/%5c..%5c..%5csecret.txt", Gate },
        { "jde-ingestion\\..\\..\\secret.txt", Gate },
        { "jde-ingestion//gate_test/inside.json", Gate },
        { "~/secret.txt", Gate },
        { "C:/Windows/win.ini", Gate },
        { "jde-ingestion/gate_test/inside.json%3a%3a%24DATA", Gate },
        { "jde-ingestion/gate_test/inside.json%00", Server },
        { "jde-ingestion/gate_test/inside.json%00.parquet", Server },
        { "jde-ingestion/%00/../secret.txt", Server },
        { "jde-ingestion/%20gate_test/inside.json", Gate },
        { "jde-ingestion/gate_test/inside.json%20", Gate },
    };

    private const string Gate = "key gate";
    private const string Server = "server";

    protected abstract Task PutOutsideTheLakeAsync(string content);

    [Fact]
    public async Task Download_WhenTheKeyIsUnderThePrefix_ThenStreamsIt()
    {
        await SeedAsync();
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await SendRawAsync(api.Http, "s3/download/" + InsideKey);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"inside":true}""");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        response.Content.Headers.ContentLength.Should().Be(15);
    }

    [Fact]
    public async Task Preview_WhenAParquetObjectIsUnderThePrefix_ThenItsFirstRows()
    {
        const string key = "jde-ingestion/gate_test/ledger.parquet";
        await LakeTestData.PutAsync(fixture.Services, key, await LakeTestData.ParquetAsync(LakeTestData.Ledger(3)));
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        var preview = await api.Http.GetFromJsonAsync<JsonElement>($"s3/preview/{key}?rows=2");

        preview.GetProperty("totalRows").GetInt64().Should().Be(3);
        preview.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("qty").GetString()).Should().Equal("13.5000", "14.5000");
    }

    [Theory]
    [MemberData(nameof(RefusedKeys))]
    public async Task Download_WhenTheKeyEscapesTheLake_ThenRefusedWithoutTheObjectOrTheKey(string rawKey, string refusedBy)
    {
        await SeedAsync();
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await SendRawAsync(api.Http, "s3/download/" + rawKey);
        var body = await response.Content.ReadAsStringAsync();

        body.Should().NotContain(Secret).And.NotContain("\"inside\"");
        if (refusedBy == Gate)
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            body.Should().Contain("\"key\"").And.Contain("\"instance\":\"/s3/download\"").And.NotContain("secret.txt").And.NotContain("passwd");
        }
        else
        {
            response.StatusCode.Should().BeOneOf([HttpStatusCode.BadRequest, HttpStatusCode.NotFound], body);
        }
    }

    [Theory]
    [InlineData("jde-ingestion/..%2f..%2fsecret.txt")]
    [InlineData("outside/secret.txt")]
    [InlineData("jde-ingestion/%252e%252e/secret.txt")]
    public async Task Preview_WhenTheKeyEscapesTheLake_Then400(string rawKey)
    {
        await SeedAsync();
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await SendRawAsync(api.Http, "s3/preview/" + rawKey);
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        body.Should().NotContain(Secret).And.Contain("\"instance\":\"/s3/preview\"");
    }

    private async Task SeedAsync()
    {
        await LakeTestData.PutAsync(fixture.Services, InsideKey, Encoding.UTF8.GetBytes("""{"inside":true}"""));
        await PutOutsideTheLakeAsync(Secret);
    }

    // The default URI parsing would collapse "../" and unescape before sending; the server must see the request as written.
    private static Task<HttpResponseMessage> SendRawAsync(HttpClient http, string relative)
    {
        var uri = new Uri(http.BaseAddress + relative, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        return http.SendAsync(new HttpRequestMessage(HttpMethod.Get, uri));
    }
}

[Trait("Category", "Sqlite")]
public sealed class FolderStoreLakeKeyGateTests(SqlitePortalFixture fixture)
    : LakeKeyGateTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>
{
    private readonly SqlitePortalFixture _fixture = fixture;

    // Beside the lake folder, in the lake folder outside the prefix, and in the data directory above both.
    protected override async Task PutOutsideTheLakeAsync(string content)
    {
        var lake = Path.Combine(_fixture.Factory.DataDirectory, "lake");
        Directory.CreateDirectory(Path.Combine(lake, "outside"));
        await File.WriteAllTextAsync(Path.Combine(lake, "outside", "secret.txt"), content);
        await File.WriteAllTextAsync(Path.Combine(lake, "secret.txt"), content);
        await File.WriteAllTextAsync(Path.Combine(_fixture.Factory.DataDirectory, "secret.txt"), content);
    }
}

[Trait("Category", "Sqlite")]
public sealed class S3StoreLakeKeyGateTests(S3LakePortalFixture fixture)
    : LakeKeyGateTests<S3LakePortalFixture>(fixture), IClassFixture<S3LakePortalFixture>
{
    private readonly S3LakePortalFixture _fixture = fixture;

    // In the bucket but outside the prefix, where a key that escaped the gate would land.
    protected override async Task PutOutsideTheLakeAsync(string content)
    {
        foreach (var key in new[] { "outside/secret.txt", "secret.txt", "jde-ingestion-other/secret.txt", "etc/passwd" })
        {
            await _fixture.Bucket.Client.PutObjectAsync(new PutObjectRequest { BucketName = _fixture.Bucket.Name, Key = key, ContentBody = content });
        }
    }
}
