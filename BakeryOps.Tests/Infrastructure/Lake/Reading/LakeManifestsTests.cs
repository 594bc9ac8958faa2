using BakeryOps.Domain.Lake;
using BakeryOps.Infrastructure.Lake;
using BakeryOps.Infrastructure.Lake.Reading;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Tests.Infrastructure.Lake.Writing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BakeryOps.Tests.Infrastructure.Lake.Reading;

/// <summary>The newest manifests of a dataset, found without listing a year of them.</summary>
public sealed class LakeManifestsTests : IDisposable
{
    private const string Dataset = "bakery_ops_movements";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"bakeryops-manifests-{Guid.NewGuid():N}");
    private readonly RecordingStore _store;
    private readonly LakeManifests _manifests;
    private readonly IOptions<LakeOptions> _options = Options.Create(new LakeOptions());

    public LakeManifestsTests()
    {
        _store = new RecordingStore(new FolderLakeStore(_folder));
        _manifests = new LakeManifests(_store, new LakeObjectReader(_store, _options), new FakeTimeProvider(Now));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task ListAsync_WhenEnoughAreRecent_ThenOnlyTheRecentNamesAreListed()
    {
        var keys = await WriteManifestsAsync(Now.AddMinutes(-1), Now.AddMinutes(-2), Now.AddDays(-400), Now.AddDays(-40));

        var newest = await _manifests.ListAsync(Dataset, 2, CancellationToken.None);

        newest.Select(m => m.Key).Should().Equal(keys[0], keys[1]);
        _store.Listed.Should().ContainSingle().Which.Should().NotBeNull().And.EndWith($"{Dataset}_20261202", "the first look reaches back to yesterday only");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(50)]
    public async Task ListAsync_WhenTheNewestReachFurtherBack_ThenTheSameAsSortingTheWholeFolder(int max)
    {
        var keys = await WriteManifestsAsync(Now.AddDays(-3), Now.AddDays(-40), Now.AddDays(-400), Now.AddDays(-20), Now.AddDays(-800));
        await WriteAsync(LakeKeys.Manifest(_options.Value.Prefix, Dataset, Now, "notes").Replace(".json", ".txt", StringComparison.Ordinal));

        var newest = await _manifests.ListAsync(Dataset, max, CancellationToken.None);

        newest.Select(m => m.Key).Should().Equal(keys.OrderByDescending(k => k, StringComparer.Ordinal).Take(max));
    }

    [Fact]
    public async Task ListAsync_WhenTheDatasetHasNoManifests_ThenNoneAfterLookingEverywhereOnce()
    {
        (await _manifests.ListAsync(Dataset, 10, CancellationToken.None)).Should().BeEmpty();
        _store.Listed.Should().EndWith((string?)null);
    }

    private async Task<List<string>> WriteManifestsAsync(params DateTimeOffset[] writtenAt)
    {
        var keys = new List<string>();
        foreach (var (at, index) in writtenAt.Select((at, index) => (at, index)))
        {
            var key = LakeKeys.Manifest(_options.Value.Prefix, Dataset, at, $"m{index}");
            await WriteAsync(key);
            keys.Add(key);
        }

        _store.Listed.Clear();
        return keys;
    }

    private async Task WriteAsync(string key)
    {
        await using var upload = await _store.BeginUploadAsync(key, CancellationToken.None);
        await upload.Content.WriteAsync("{}"u8.ToArray());
        await upload.CompleteAsync(CancellationToken.None);
    }

    private sealed class RecordingStore(ILakeStore inner) : DelegatingLakeStore(inner)
    {
        public List<string?> Listed { get; } = [];

        public override IAsyncEnumerable<LakeObjectInfo> ListAsync(string prefix, string? startAfter, CancellationToken cancellationToken)
        {
            Listed.Add(startAfter);
            return base.ListAsync(prefix, startAfter, cancellationToken);
        }
    }
}
