using System.Security.Cryptography;
using System.Text;
using BakeryOps.Infrastructure.Lake.Storage;

namespace BakeryOps.Tests.Infrastructure.Lake.Storage;

/// <summary>The one contract both stores keep; each subclass runs it against a real folder or the S3 server.</summary>
public abstract class LakeStoreTests
{
    protected const int MiB = 1024 * 1024;

    // Each test writes under its own prefix, so tests sharing a bucket or folder never see each other's objects.
    protected string Root { get; } = $"jde-ingestion/t{Guid.NewGuid():N}/";

    protected abstract ILakeStore Store { get; }

    /// <summary>The store's part size for uploads; the large-object test relies on it being 5 MiB.</summary>
    protected const int PartSizeMb = 5;

    /// <summary>Nothing of an upload that was disposed without completing remains in the store's machinery.</summary>
    protected abstract Task AssertNothingPendingAsync();

    /// <summary>
    /// The large upload's bytes already left memory while they were written (for S3: this many parts sent) and, once
    /// <paramref name="completed"/>, were put together without a single-request upload.
    /// </summary>
    protected abstract void AssertStreamedInParts(int parts, bool completed);

    [Fact]
    public async Task CompleteAsync_WhenBytesWereWritten_ThenTheyReadBackWithTheirSize()
    {
        var key = Root + "sales/year=2025/month=01/day=05/a.parquet";
        var bytes = RandomNumberGenerator.GetBytes(70_001);

        var info = await WriteAsync(key, bytes);

        info.Key.Should().Be(key);
        info.Size.Should().Be(bytes.Length);
        info.LastModified.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        (await ReadAsync(key)).Should().Equal(bytes);
        (await Store.GetInfoAsync(key, default)).Should().BeEquivalentTo(new { Key = key, Size = (long)bytes.Length });
    }

    [Fact]
    public async Task BeginUploadAsync_WhenNotYetCompleted_ThenTheObjectIsInvisibleUntilCompleteAsync()
    {
        var key = Root + "pending/object.bin";
        await using var upload = await Store.BeginUploadAsync(key, default);
        await upload.Content.WriteAsync(Encoding.UTF8.GetBytes("not yet"));
        await upload.Content.FlushAsync();

        (await Store.GetInfoAsync(key, default)).Should().BeNull();
        (await ListAsync(Root)).Should().BeEmpty();
        await FluentActions.Awaiting(() => Store.OpenReadAsync(key, default))
            .Should().ThrowAsync<LakeObjectNotFoundException>().Where(e => e.Key == key);

        await upload.CompleteAsync(default);

        (await ReadAsync(key)).Should().Equal(Encoding.UTF8.GetBytes("not yet"));
        (await ListAsync(Root)).Select(o => o.Key).Should().Equal(key);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(12 * MiB)]
    public async Task DisposeAsync_WhenTheUploadWasNotCompleted_ThenNothingIsLeft(int size)
    {
        var key = Root + "abandoned/object.bin";
        await using (var upload = await Store.BeginUploadAsync(key, default))
        {
            await WriteRandomAsync(upload.Content, size);
        }

        (await Store.GetInfoAsync(key, default)).Should().BeNull();
        (await ListAsync(Root)).Should().BeEmpty();
        await AssertNothingPendingAsync();
    }

    [Fact]
    public async Task CompleteAsync_WhenTheKeyAlreadyHoldsAnObject_ThenTheNewContentReplacesIt()
    {
        var key = Root + "overwrite/object.bin";
        await WriteAsync(key, RandomNumberGenerator.GetBytes(5_000));
        var second = RandomNumberGenerator.GetBytes(1_234);

        var info = await WriteAsync(key, second);

        info.Size.Should().Be(second.Length);
        (await ReadAsync(key)).Should().Equal(second);
        (await ListAsync(Root)).Should().ContainSingle().Which.Size.Should().Be(second.Length);
    }

    [Fact]
    public async Task ListAsync_WhenObjectsShareAPrefix_ThenOnlyThoseAreListedInOrdinalKeyOrderWithSizes()
    {
        // No file shares its stem with a folder here: s3rver lists "a/x" before "a.x", unlike S3, whose UTF-8 binary
        // order is ordinal for these keys. The folder store's test covers that case.
        string[] written = ["p/b/2.bin", "p/c.bin", "p/b/1.bin", "p/a/x.bin", "p/B.bin", "p-other/z.bin", "q.bin"];
        foreach (var (name, index) in written.Select((name, index) => (name, index)))
        {
            await WriteAsync(Root + name, new byte[index + 1]);
        }

        var all = await ListAsync(Root + "p/");
        var partial = await ListAsync(Root + "p/b");
        var none = await ListAsync(Root + "nothing/");

        all.Select(o => o.Key[Root.Length..]).Should().Equal("p/B.bin", "p/a/x.bin", "p/b/1.bin", "p/b/2.bin", "p/c.bin");
        all.Select(o => o.Size).Should().Equal(5, 4, 3, 1, 2);
        partial.Select(o => o.Key[Root.Length..]).Should().Equal("p/b/1.bin", "p/b/2.bin");
        none.Should().BeEmpty();
        (await ListAsync(Root)).Should().HaveCount(written.Length);
    }

    [Fact]
    public async Task ListAsync_WhenStartAfterIsGiven_ThenOnlyTheKeysSortingAfterItAreListed()
    {
        string[] written = ["m/ds_20261130_1.json", "m/ds_20261201_1.json", "m/ds_20261201_2.json", "m/ds_20261203_1.json", "m/other.json"];
        foreach (var name in written)
        {
            await WriteAsync(Root + name, [1]);
        }

        var sinceDay = await ListAsync(Root + "m/", startAfter: Root + "m/ds_20261201");
        var afterKey = await ListAsync(Root + "m/", startAfter: Root + "m/ds_20261201_1.json");
        var afterAll = await ListAsync(Root + "m/", startAfter: Root + "m/zzz");
        var beforeAll = await ListAsync(Root + "m/", startAfter: Root + "a");

        sinceDay.Select(o => o.Key[Root.Length..]).Should().Equal("m/ds_20261201_1.json", "m/ds_20261201_2.json", "m/ds_20261203_1.json", "m/other.json");
        afterKey.Select(o => o.Key[Root.Length..]).Should().Equal("m/ds_20261201_2.json", "m/ds_20261203_1.json", "m/other.json");
        afterAll.Should().BeEmpty();
        beforeAll.Should().HaveCount(written.Length);
    }

    [Fact]
    public async Task DeleteAsync_WhenTheObjectExists_ThenItIsGoneAndDeletingAgainIsNoError()
    {
        var key = Root + "delete/object.bin";
        await WriteAsync(key, [1, 2, 3]);

        await Store.DeleteAsync(key, default);
        await Store.DeleteAsync(key, default);
        await Store.DeleteAsync(Root + "never/written.bin", default);

        (await Store.GetInfoAsync(key, default)).Should().BeNull();
        (await ListAsync(Root)).Should().BeEmpty();
    }

    [Fact]
    public async Task OpenReadAsync_WhenTheKeyNamesNoObject_ThenLakeObjectNotFound()
    {
        var key = Root + "missing/object.bin";

        await FluentActions.Awaiting(() => Store.OpenReadAsync(key, default))
            .Should().ThrowAsync<LakeObjectNotFoundException>().Where(e => e.Key == key);
        (await Store.GetInfoAsync(key, default)).Should().BeNull();
    }

    [Fact]
    public async Task CompleteAsync_WhenA40MiBObjectIsWrittenWith5MiBParts_ThenItRoundTripsByteForByteAsAMultipartUpload()
    {
        var key = Root + "large/object.bin";
        using var written = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var upload = await Store.BeginUploadAsync(key, default);
        var random = new Random(20250105);
        var remaining = 40 * MiB;
        // Odd-sized writes, so parts never line up with the writes.
        var chunk = new byte[MiB + 17];
        while (remaining > 0)
        {
            var size = Math.Min(chunk.Length, remaining);
            random.NextBytes(chunk.AsSpan(0, size));
            written.AppendData(chunk, 0, size);
            await upload.Content.WriteAsync(chunk.AsMemory(0, size));
            remaining -= size;
        }

        AssertStreamedInParts(parts: 8, completed: false);
        var info = await upload.CompleteAsync(default);
        AssertStreamedInParts(parts: 8, completed: true);

        info.Size.Should().Be(40 * MiB);
        await using var read = await Store.OpenReadAsync(key, default);
        (await SHA256.HashDataAsync(read)).Should().Equal(written.GetHashAndReset());
    }

    protected async Task<LakeObjectInfo> WriteAsync(string key, byte[] bytes)
    {
        await using var upload = await Store.BeginUploadAsync(key, default);
        await upload.Content.WriteAsync(bytes);
        return await upload.CompleteAsync(default);
    }

    protected async Task<byte[]> ReadAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key, default);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    protected async Task<List<LakeObjectInfo>> ListAsync(string prefix, string? startAfter = null)
    {
        var items = new List<LakeObjectInfo>();
        await foreach (var item in Store.ListAsync(prefix, startAfter, default))
        {
            items.Add(item);
        }

        return items;
    }

    private static async Task WriteRandomAsync(Stream content, int size)
    {
        var chunk = RandomNumberGenerator.GetBytes(Math.Min(size, MiB));
        for (var left = size; left > 0; left -= chunk.Length)
        {
            await content.WriteAsync(chunk.AsMemory(0, Math.Min(left, chunk.Length)));
        }
    }
}
