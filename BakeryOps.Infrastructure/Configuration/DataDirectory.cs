using Microsoft.Extensions.Configuration;

namespace BakeryOps.Infrastructure.Configuration;

/// <summary>
/// The one folder that holds all local state: the SQLite file, the lake folder, the JDE simulator snapshot,
/// the log files and the generated development signing key.
/// </summary>
public sealed class DataDirectory
{
    /// <summary>The environment variable (and configuration key) that moves the data directory.</summary>
    public const string VariableName = "BAKERYOPS_DATA_DIR";

    private DataDirectory(string path) => Path = path;

    /// <summary>The absolute path of the data directory; it exists once resolved.</summary>
    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>
    /// <c>BAKERYOPS_DATA_DIR</c> when set (a relative value is taken from the working directory),
    /// otherwise <c>data/</c> under the content root. The folder is created.
    /// </summary>
    public static DataDirectory Resolve(IConfiguration configuration, string contentRootPath)
    {
        var configured = configuration[VariableName];
        string path;
        try
        {
            path = string.IsNullOrWhiteSpace(configured)
                ? System.IO.Path.Combine(contentRootPath, "data")
                : System.IO.Path.GetFullPath(configured);
            Directory.CreateDirectory(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidOperationException(
                $"{VariableName} names a data directory that cannot be created or used ('{configured}'): {ex.Message}", ex);
        }

        return new DataDirectory(path);
    }
}
