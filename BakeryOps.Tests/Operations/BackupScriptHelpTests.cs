using System.Runtime.Versioning;

namespace BakeryOps.Tests.Operations;

[SupportedOSPlatform("linux")]
public sealed class BackupScriptHelpTests
{
    [Theory]
    [InlineData("backup.sh", "--env-file", "--connection", "--sqlite", "--data-dir", "--lake", "--no-lake", "--output")]
    [InlineData("restore.sh", "--from", "--env-file", "--connection", "--sqlite", "--data-dir", "--lake", "--owner", "--no-privileges", "--force")]
    public async Task Help_WhenAsked_ThenItExitsZeroAndNamesEveryOption(string script, params string[] options)
    {
        var help = await BackupRestoreTests.RunScriptAsync(script, "--help");

        help.ExitCode.Should().Be(0, help.Output);
        help.Output.Should().StartWith($"Usage: scripts/{script}").And.ContainAll(options);
        var unknown = await BackupRestoreTests.RunScriptAsync(script, "--frobnicate");
        unknown.ExitCode.Should().NotBe(0);
        unknown.Output.Should().Contain("unknown option: --frobnicate");
    }
}
