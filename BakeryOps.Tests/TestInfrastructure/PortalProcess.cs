using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using BakeryOps.Tests.Architecture;

namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>
/// The built portal started as its own process, the way the README's first command runs it: Development
/// environment, embedded defaults, nothing but a data directory.
/// </summary>
public sealed partial class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PortalProcess(string dataDirectory, IReadOnlyDictionary<string, string>? environment)
    {
        var dll = PortalAssemblyPath();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["BAKERYOPS_DATA_DIR"] = dataDirectory;
        foreach (var inherited in new[] { "BAKERYOPS_ADMIN_PASSWORD", "PG_DATABASE_URL", "SECRET_KEY", "Database__Provider" })
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
    }

    public Uri BaseAddress => _listening.Task.Result;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the portal; <paramref name="environment"/> adds settings (<c>Sync__BatchRows</c> …) as the process environment.</summary>
    public static async Task<PortalProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var portal = new PortalProcess(dataDirectory, environment);
        portal._process.Start();
        portal._process.BeginOutputReadLine();
        portal._process.BeginErrorReadLine();
        var exited = portal._process.WaitForExitAsync();
        var first = await Task.WhenAny(portal._listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
        if (first != portal._listening.Task)
        {
            await portal.DisposeAsync();
            throw new InvalidOperationException($"The portal did not start listening:{Environment.NewLine}{portal.Output}");
        }

        return portal;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (Listening().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }
    }

    // The portal's own build output, in the configuration the tests were built with.
    private static string PortalAssemblyPath()
    {
        var testDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var configuration = Path.GetFileName(Path.GetDirectoryName(testDirectory)!);
        var framework = Path.GetFileName(testDirectory);
        var path = Path.Combine(DependencyRuleTests.RepositoryRoot(), "BakeryOps.Portal", "bin", configuration, framework, "BakeryOps.Portal.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution before running this test.", path);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();
}
