using System.Diagnostics;
using System.Text.RegularExpressions;
using BakeryOps.Tests.Architecture;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Portal.Hosting;

/// <summary>Runs a document's bash blocks, in order, against a freshly started portal (the README's first command).</summary>
[Trait("Category", "Sqlite")]
public sealed partial class ApiDocumentationTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"bakeryops-docs-{Guid.NewGuid():N}");

    [Fact]
    public async Task ApiExamples_WhenRunAsWritten_ThenEveryCommandSucceeds()
    {
        var (script, output) = await RunDocumentAsync("api.md");

        output.Should().Contain("\"passed\":true").And.Contain("HTTP 400").And.Contain("\"products_added\"")
            .And.Contain("\"lotNumber\":[\"The text holds the control character U+0000 at position 4")
            .And.Contain("\"job\":\"cardex-sync\"").And.Contain("\"status\":\"succeeded\"")
            .And.Contain("\"prepared_batches\"").And.Contain("\"jde_document_number\":").And.Contain("not posted again")
            .And.Contain("\"refresh_token\":\"...\"").And.Contain("\"error\":\"invalid_grant\"").And.Contain("\"revokedRefreshTokens\":")
            .And.Contain("\"job\":\"session-cleanup\"")
            .And.Contain("\"clientId\":\"svc_").And.Contain("\"error\":\"invalid_client\"").And.Contain("after delete: HTTP 401")
            .And.Contain("may act only for default_facility").And.Contain("\"userName\":\"planner.one\"").And.Contain("You cannot delete your own account.");
        script.Should().Contain("/token").And.Contain("inventory-adjustments").And.Contain("inventory-movements")
            .And.Contain("-X PUT").And.Contain("-X PATCH").And.Contain("/archive").And.Contain("batch-data")
            .And.Contain("initialize-sample-data").And.Contain("test-internal-bakery-ops").And.Contain("jobs/cardex-sync/run")
            .And.Contain("grant_type=refresh_token")
            .And.Contain("grant_type=client_credentials").And.Contain("/rotate-secret").And.Contain("/admin/users/planner.one/lock");
    }

    [Fact]
    public async Task JdeSimulatorExamples_WhenRunAsWritten_ThenEveryCommandSucceedsWithAisShapes()
    {
        var (script, output) = await RunDocumentAsync("jde.md");

        script.Should().Contain("-u BAKERYINT:bakeryint \"$SIM/v3/orchestrator/JDE_CARDEX_SUMMARY");
        output.Should().Contain("\"fs_DATABROWSE_V4111A\"").And.Contain("\"F4111_UKID\"").And.Contain("\"F4111_MCU\":\"        1110\"")
            .And.Contain("\"fs_DATABROWSE_V564102A\"").And.Contain("\"fs_DATABROWSE_V41021A\"").And.Contain("\"F41021_PQOH\"").And.Contain("\"Document_Number\"").And.Contain("Business Unit Invalid")
            .And.Contain("HTTP 500").And.Contain("\"message\":\"Invalid input bu: The text holds the control character U+0000").And.Contain("HTTP 400");
    }

    private async Task<(string Script, string Output)> RunDocumentAsync(string document)
    {
        var markdown = await File.ReadAllTextAsync(Path.Combine(DependencyRuleTests.RepositoryRoot(), "docs", document));
        var script = string.Join("\n", BashBlock().Matches(markdown).Select(m => m.Groups[1].Value));
        await using var portal = await PortalProcess.StartAsync(_dataDirectory);
        var password = Regex.Match(portal.Output, @"password:\s+(\S+)").Groups[1].Value;

        var (exitCode, output) = await RunBashAsync("set -euo pipefail\n" + script, portal.BaseAddress, password);

        exitCode.Should().Be(0, output);
        return (script, output);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunBashAsync(string script, Uri baseAddress, string password)
    {
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["BASE"] = baseAddress.ToString().TrimEnd('/');
        start.Environment["BAKERYOPS_ADMIN_PASSWORD"] = password;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
