namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>
/// The services ./scripts/test.sh provisions. A test that needs one fails loudly when it is missing: it never skips.
/// </summary>
public static class TestEnvironment
{
    public static string PostgresAdminConnectionString => Required(
        "BAKERYOPS_TEST_PG", "an admin connection string to a PostgreSQL server");

    /// <summary>The psql of the PostgreSQL server under test, for what a DBA runs by hand (deploy/sql).</summary>
    public static string PsqlPath => Required("BAKERYOPS_TEST_PSQL", "the path of psql (the PostgreSQL client of the test server)");

    public static Uri S3ServiceUrl => new(Required("BAKERYOPS_TEST_S3_URL", "the URL of the S3 protocol server (s3rver)"));

    public static string S3AccessKey => Environment.GetEnvironmentVariable("BAKERYOPS_TEST_S3_ACCESS_KEY") ?? "S3RVER";
    public static string S3SecretKey => Environment.GetEnvironmentVariable("BAKERYOPS_TEST_S3_SECRET_KEY") ?? "S3RVER";

    /// <summary>The throwaway slapd: its LDAPS URL, StartTLS URL, test CA, base DN, search account and admin.</summary>
    public static string LdapUrl => Required("BAKERYOPS_TEST_LDAP_URL", "the ldaps:// URL of the test slapd");
    public static string LdapStartTlsUrl => Required("BAKERYOPS_TEST_LDAP_STARTTLS_URL", "the ldap:// (StartTLS) URL of the test slapd");
    public static string LdapWrongNameUrl => Required("BAKERYOPS_TEST_LDAP_WRONG_NAME_URL", "an ldaps:// URL of the test slapd under a name its certificate does not hold");
    public static string LdapCaCertificate => Required("BAKERYOPS_TEST_LDAP_CA_CERT", "the PEM file of the test slapd's CA");
    public static string LdapBaseDn => Required("BAKERYOPS_TEST_LDAP_BASE_DN", "the base DN of the test slapd");
    public static string LdapBindDn => Required("BAKERYOPS_TEST_LDAP_BIND_DN", "the DN of the test slapd's search account");
    public static string LdapBindPassword => Required("BAKERYOPS_TEST_LDAP_BIND_PASSWORD", "the password of the test slapd's search account");
    public static string LdapAdminDn => Required("BAKERYOPS_TEST_LDAP_ADMIN_DN", "the root DN of the test slapd");
    public static string LdapAdminPassword => Required("BAKERYOPS_TEST_LDAP_ADMIN_PASSWORD", "the root DN's password of the test slapd");

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
