namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>
/// The services ./scripts/test.sh provisions. A test that needs one fails loudly when it is missing: it never skips.
/// </summary>
public static class TestEnvironment
{
    public static string PostgresAdminConnectionString => Required(
        "BAKERYOPS_TEST_PG", "an admin connection string to a PostgreSQL server");

    public static Uri S3ServiceUrl => new(Required("BAKERYOPS_TEST_S3_URL", "the URL of the S3 protocol server (s3rver)"));

    public static string S3AccessKey => Environment.GetEnvironmentVariable("BAKERYOPS_TEST_S3_ACCESS_KEY") ?? "S3RVER";
    public static string S3SecretKey => Environment.GetEnvironmentVariable("BAKERYOPS_TEST_S3_SECRET_KEY") ?? "S3RVER";

    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path
        ? path
        : File.Exists("/usr/bin/chromium")
            ? "/usr/bin/chromium"
            : throw Missing("CHROMIUM_PATH", "the path of a Chromium executable (Debian package chromium)");

    /// <summary>Where screenshots and other artefacts go, beside the test results.</summary>
    public static string ResultsDirectory
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("BAKERYOPS_TEST_RESULTS") is { Length: > 0 } configured
                ? configured
                : Path.Combine(AppContext.BaseDirectory, "TestResults");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    private static string Required(string name, string what) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw Missing(name, what);

    private static InvalidOperationException Missing(string name, string what) =>
        new($"{name} is not set: it must hold {what}. Run the tests with ./scripts/test.sh, which provisions every service.");
}
