using System.Diagnostics;
using Npgsql;

namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>psql, as a DBA runs it: a script file with variables, stopping at the first error.</summary>
public static class Psql
{
    /// <summary>Runs <paramref name="script"/> on the server and database of <paramref name="connectionString"/> as its user.</summary>
    public static async Task<string> RunFileAsync(string connectionString, string script, IReadOnlyDictionary<string, string>? variables = null)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(TestEnvironment.PsqlPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", target.Host!, "-p", target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", target.Username!, "-d", target.Database!, "-f", script })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in variables ?? new Dictionary<string, string>())
        {
            start.ArgumentList.Add("-v");
            start.ArgumentList.Add($"{name}={value}");
        }

        start.Environment["PGPASSWORD"] = target.Password;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, "psql -f {0} as {1} must succeed; it said: {2}", Path.GetFileName(script), target.Username, await error);
        return await output;
    }
}
