using BakeryOps.Infrastructure.Lake;

namespace BakeryOps.Tests.Infrastructure.Lake.Storage;

public sealed class LakeStoreOptionsTests
{
    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(8, true)]
    [InlineData(512, true)]
    [InlineData(513, false)]
    public void Validate_WhenThePartSizeIsSet_ThenOnlySizesS3AcceptsPassAndTheMessageNamesTheKey(int partSizeMb, bool valid)
    {
        var options = new LakeOptions { Store = LakeStore.S3, S3 = { Bucket = "lake", PartSizeMb = partSizeMb } };

        var errors = options.Validate().ToList();

        if (valid)
        {
            errors.Should().BeEmpty();
        }
        else
        {
            errors.Should().ContainSingle().Which.Should().StartWith("Lake:S3:PartSizeMb must be between 5 and 512");
        }
    }

    [Fact]
    public void PartSizeMb_WhenNotConfigured_ThenEightMiB() => new LakeS3Options().PartSizeBytes.Should().Be(8 * 1024 * 1024);
}
