using BakeryOps.Infrastructure.Lake.Storage;

namespace BakeryOps.Tests.Infrastructure.Lake.Storage;

public sealed class FolderLakeStoreTests : LakeStoreTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"bakeryops-lake-{Guid.NewGuid():N}");

    public FolderLakeStoreTests() => Store = new FolderLakeStore(_folder);

    protected override ILakeStore Store { get; }

    private string Uploads => Path.Combine(_folder, FolderLakeStore.UploadFolder);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    protected override Task AssertNothingPendingAsync()
    {
        Directory.EnumerateFileSystemEntries(Uploads).Should().BeEmpty();
        return Task.CompletedTask;
    }

    protected override void AssertStreamedInParts(int parts, bool completed)
    {
        // The folder store has no parts: the bytes stream to a temporary file on disk, which the rename then moves.
        var pending = Directory.GetFiles(Uploads);
        if (completed)
        {
            pending.Should().BeEmpty();
        }
        else
        {
            pending.Should().ContainSingle().Which.Should().Match(path => new FileInfo(path).Length >= (parts * PartSizeMb - 1) * MiB);
        }
    }

    [Theory]
    [InlineData("../outside.bin")]
    [InlineData("jde-ingestion/../../outside.bin")]
    [InlineData("jde-ingestion/a/../../../outside.bin")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    [InlineData("jde-ingestion\\..\\..\\outside.bin")]
    [InlineData(".uploads/x.tmp")]
    [InlineData("jde-ingestion/../.uploads/x.tmp")]
    [InlineData("jde-ingestion/\0.bin")]
    [InlineData("")]
    public async Task EveryOperation_WhenTheKeyEscapesTheRoot_ThenArgumentExceptionAndNothingIsWritten(string key)
    {
        var outside = Path.Combine(Path.GetDirectoryName(_folder)!, "outside.bin");
        File.Exists(outside).Should().BeFalse("the check below relies on it");

        await FluentActions.Awaiting(() => Store.BeginUploadAsync(key, default)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Store.GetInfoAsync(key, default)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Store.OpenReadAsync(key, default)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => Store.DeleteAsync(key, default)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => ListAsync(key + "/")).Should().ThrowAsync<ArgumentException>();
        File.Exists(outside).Should().BeFalse();
    }

    [Fact]
    public async Task ListAsync_WhenAFileAndAFolderShareAStem_ThenKeysAreInOrdinalOrderNotFolderOrder()
    {
        foreach (var name in new[] { "p/a/x.bin", "p/a.bin", "p/a-b.bin" })
        {
            await WriteAsync(Root + name, [1]);
        }

        var listed = await ListAsync(Root);

        listed.Select(o => o.Key[Root.Length..]).Should().Equal("p/a-b.bin", "p/a.bin", "p/a/x.bin");
    }

    [Fact]
    public async Task ListAsync_WhenAnUploadIsInProgress_ThenTheUploadFolderIsNeverListed()
    {
        await WriteAsync(Root + "done.bin", [1]);
        await using var upload = await Store.BeginUploadAsync(Root + "busy.bin", default);
        await upload.Content.WriteAsync(new byte[10]);

        var everything = await ListAsync("");

        everything.Select(o => o.Key).Should().Equal(Root + "done.bin");
        Directory.GetFiles(Uploads).Should().ContainSingle();
    }

    [Fact]
    public async Task CompleteAsync_WhenTheWriterAlreadyClosedTheContentStream_ThenTheObjectIsStillStored()
    {
        await using var upload = await Store.BeginUploadAsync(Root + "closed.bin", default);
        await upload.Content.WriteAsync(new byte[] { 7, 8, 9 });
        await upload.Content.DisposeAsync();

        await upload.CompleteAsync(default);

        (await ReadAsync(Root + "closed.bin")).Should().Equal(7, 8, 9);
    }
}
