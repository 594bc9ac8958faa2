using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Infrastructure.Lake.Writing;

/// <summary>The registrations of AddLakeWriter in the real portal: the embedded default (SQLite, folder lake).</summary>
[Trait("Category", "Sqlite")]
public sealed class LakeWriterPortalTests
{
    [Fact]
    public async Task AddLakeWriter_WhenThePortalStarts_ThenItsWriterWritesARunItsVerifierAccepts()
    {
        await using var factory = new PortalFactory(new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite" });
        _ = factory.BaseAddress;
        var writer = factory.Services.GetRequiredService<ILakeWriter>();
        IReadOnlyDictionary<string, object?>[] records = [new Dictionary<string, object?> { ["id"] = 1L, ["name"] = "Sourdough", ["extra"] = new Dictionary<string, object?>() }];

        var result = await writer.WriteRecordsAsync("bakery_ops_products", records, new LakeRun(Guid.NewGuid(), "tests"), default);

        result.Files.Should().ContainSingle().Which.Key.Should().StartWith("jde-ingestion/bakery_ops_products/year=");
        File.Exists(Path.Combine(factory.DataDirectory, "lake", result.Files[0].Key)).Should().BeTrue();
        (await factory.Services.GetRequiredService<ILakeVerifier>().VerifyAsync(result.ManifestKey, default)).Valid.Should().BeTrue();
    }

    [Theory]
    [InlineData("Lake:RowGroupSize", "0")]
    [InlineData("Lake:Compression", "brotli")]
    [InlineData("Lake:StoreAttempts", "99")]
    public async Task AddLakeWriter_WhenASettingIsInvalid_ThenThePortalStopsWithAMessageNamingTheKey(string key, string value)
    {
        await using var factory = new PortalFactory(new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite", [key] = value });

        var start = () => factory.BaseAddress;

        start.Should().Throw<Exception>().Which.ToString().Should().Contain(key);
    }
}
