using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Persistence;

namespace BakeryOps.Tests.Infrastructure.Lake.Writing;

[Trait("Category", "Sqlite")]
public sealed class FolderLakeWriterTests : LakeWriterTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"bakeryops-lakewriter-folder-{Guid.NewGuid():N}");

    public FolderLakeWriterTests()
        : base(DatabaseProvider.Sqlite) => Store = new FolderLakeStore(_folder);

    protected override ILakeStore Store { get; }

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
