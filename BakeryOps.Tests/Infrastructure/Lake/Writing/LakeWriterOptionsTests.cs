using BakeryOps.Infrastructure.Lake.Writing;

namespace BakeryOps.Tests.Infrastructure.Lake.Writing;

public sealed class LakeWriterOptionsTests
{
    [Fact]
    public void Validate_WhenTheDefaultsAreKept_ThenNoMessage() => new LakeWriterOptions().Validate().Should().BeEmpty();

    [Fact]
    public void Validate_WhenSettingsAreOutOfRange_ThenEachMessageNamesItsKey()
    {
        var options = new LakeWriterOptions { RowGroupSize = 0, RowGroupMaxBytes = 10, Compression = (LakeCompression)7, StoreAttempts = 0, RetryDelayMilliseconds = -1 };

        options.Validate().Should().SatisfyRespectively(
            m => m.Should().StartWith("Lake:RowGroupSize "),
            m => m.Should().StartWith("Lake:RowGroupMaxBytes "),
            m => m.Should().StartWith("Lake:Compression "),
            m => m.Should().StartWith("Lake:StoreAttempts "),
            m => m.Should().StartWith("Lake:RetryDelayMilliseconds "));
    }

    [Fact]
    public void LakeTable_WhenAColumnIsNamedLikeAPartitionFolder_ThenArgumentException()
    {
        var table = new LakeTable<int>("item_master");

        table.Invoking(t => t.Int32("Year", i => i)).Should().Throw<ArgumentException>().WithMessage("*partition*");
    }
}
