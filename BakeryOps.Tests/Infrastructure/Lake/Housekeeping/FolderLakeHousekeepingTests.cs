using BakeryOps.Infrastructure.Lake.Housekeeping;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Persistence;

namespace BakeryOps.Tests.Infrastructure.Lake.Housekeeping;

[Trait("Category", "Sqlite")]
public sealed class FolderLakeHousekeepingTests : LakeHousekeepingTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"bakeryops-housekeeping-{Guid.NewGuid():N}");

    public FolderLakeHousekeepingTests()
        : base(DatabaseProvider.Sqlite) => Store = new FolderLakeStore(_folder);

    protected override ILakeStore Store { get; }

    [Fact]
    public async Task RunAsync_WhenAnUploadWasAbandonedMoreThanADayAgo_ThenItsTemporaryFileIsRemovedAndAFreshOneIsKept()
    {
        var uploads = Directory.CreateDirectory(Path.Combine(_folder, FolderLakeStore.UploadFolder));
        var stale = Path.Combine(uploads.FullName, "stale.tmp");
        var fresh = Path.Combine(uploads.FullName, "fresh.tmp");
        await File.WriteAllTextAsync(stale, "half a file");
        await File.WriteAllTextAsync(fresh, "an upload in progress");
        File.SetLastWriteTimeUtc(stale, T0.UtcDateTime.AddHours(-25));
        File.SetLastWriteTimeUtc(fresh, T0.UtcDateTime.AddHours(-1));

        var run = await NewHousekeeping().RunAsync("tests", default);

        run.Status.Should().Be("succeeded", run.Error);
        run.Counts[LakeHousekeeping.Counts.AbandonedUploads].Should().Be(1);
        File.Exists(stale).Should().BeFalse();
        File.Exists(fresh).Should().BeTrue();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    protected override Task AssertNoUploadPendingAsync()
    {
        var uploads = Path.Combine(_folder, FolderLakeStore.UploadFolder);
        (Directory.Exists(uploads) ? Directory.GetFiles(uploads) : []).Should().BeEmpty();
        return Task.CompletedTask;
    }
}
