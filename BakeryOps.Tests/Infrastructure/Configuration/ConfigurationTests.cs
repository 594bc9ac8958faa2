using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Portal.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BakeryOps.Tests.Infrastructure.Configuration;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("postgresql://bakery:s%40cret@db.example.com:6543/bakery_operations_db", "db.example.com", 6543, "bakery", "s@cret", "bakery_operations_db")]
    [InlineData("postgres://bakery:pw@localhost/ops", "localhost", 5432, "bakery", "pw", "ops")]
    public void PostgresUrl_WhenWellFormed_ThenConvertsEveryPart(string url, string host, int port, string user, string password, string database)
    {
        PostgresUrl.TryConvert(url, null, out var connectionString, out var error).Should().BeTrue(error);

        var parsed = new NpgsqlConnectionStringBuilder(connectionString);
        parsed.Host.Should().Be(host);
        parsed.Port.Should().Be(port);
        parsed.Username.Should().Be(user);
        parsed.Password.Should().Be(password);
        parsed.Database.Should().Be(database);
    }

    [Fact]
    public void PostgresUrl_WhenTheUrlHasNoDatabase_ThenDbNameSuppliesIt()
    {
        PostgresUrl.TryConvert("postgresql://u:p@h:5432", "bakery_operations_db", out var connectionString, out _).Should().BeTrue();

        new NpgsqlConnectionStringBuilder(connectionString).Database.Should().Be("bakery_operations_db");
    }

    [Fact]
    public void PostgresUrl_WhenSslModeIsGiven_ThenMapsItToNpgsql()
    {
        PostgresUrl.TryConvert("postgresql://u:p@h/db?sslmode=require", null, out var connectionString, out _).Should().BeTrue();

        new NpgsqlConnectionStringBuilder(connectionString).SslMode.Should().Be(SslMode.Require);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("mysql://u:p@h/db")]
    [InlineData("postgresql://u:p@h/db?nonsense=1")]
    public void PostgresUrl_WhenMalformed_ThenFailsWithoutEchoingThePassword(string url)
    {
        PostgresUrl.TryConvert(url, null, out _, out var error).Should().BeFalse();

        error.Should().NotBeEmpty().And.NotContain("p@h");
    }

    [Fact]
    public void DatabaseSettings_WhenNothingIsConfigured_ThenSqliteInTheDataDirectory()
    {
        var options = DatabaseSettings.Resolve(Config(), "/var/lib/bakeryops");

        options.Provider.Should().Be(DatabaseProvider.Sqlite);
        options.ConnectionString.Should().Be("Data Source=/var/lib/bakeryops/bakeryops.db");
        options.MigrateAtStartup.Should().BeTrue();
    }

    [Fact]
    public void DatabaseSettings_WhenPgDatabaseUrlIsSet_ThenItWinsOverTheSection()
    {
        var options = DatabaseSettings.Resolve(
            Config(("Database:Provider", "Sqlite"), ("PG_DATABASE_URL", "postgresql://u:p@pg:5432/ops")), "/data");

        options.Provider.Should().Be(DatabaseProvider.Postgres);
        new NpgsqlConnectionStringBuilder(options.ConnectionString).Host.Should().Be("pg");
    }

    [Theory]
    [InlineData("Host=pg;Database=ops;Username=u;Password=p", 64)]
    [InlineData("Host=pg;Database=ops;Username=u;Password=p;Max Auto Prepare=8", 8)]
    [InlineData("Host=pg;Database=ops;Username=u;Password=p;MaxAutoPrepare=0", 0)]
    public void DatabaseSettings_WhenPostgres_ThenStatementsAreAutoPreparedUnlessTheStringSaysOtherwise(string connectionString, int expected)
    {
        var options = DatabaseSettings.Resolve(Config(("Database:Provider", "Postgres"), ("Database:ConnectionString", connectionString)), "/data");

        var resolved = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        resolved.MaxAutoPrepare.Should().Be(expected);
        resolved.Password.Should().Be("p");
        resolved.Database.Should().Be("ops");
    }

    [Fact]
    public void DatabaseSettings_WhenPostgresHasNoConnectionString_ThenTheErrorNamesTheKeys()
    {
        var resolve = () => DatabaseSettings.Resolve(Config(("Database:Provider", "postgres")), "/data");

        resolve.Should().Throw<OptionsValidationException>().WithMessage("*Database:ConnectionString*PG_DATABASE_URL*");
    }

    [Fact]
    public void LegacyVariables_WhenTheEarlierEnvFileIsUsed_ThenEveryNameMapsOntoItsKey()
    {
        var translated = LegacyVariables.Translate(Config(
            ("FACILITY_ID", "default_facility"),
            ("BACKEND_BASE_URL", "http://localhost:8000"),
            ("JDE_BUSINESS_UNIT", "1110"),
            ("JDE_CARDEX_URL", "https://jde/jderest/v3/orchestrator/JDE_CARDEX_SUMMARY"),
            ("JDE_CARDEX_USERNAME", "BAKERYINT"),
            ("JDE_CARDEX_PASSWORD", "pw"),
            ("S3_BUCKET_NAME", "bakery-operations-data-lake"),
            ("AWS_REGION", "ap-southeast-2"),
            ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
            ("AWS_SESSION_TOKEN", "session"),
            ("LDAP_SERVER", "ldap://ldap.example.com:389"),
            ("LDAP_BASE_DN", "dc=company,dc=com"),
            ("LDAP_USER_DN", "cn=users,dc=company,dc=com")));

        translated.Should().Contain(new Dictionary<string, string?>
        {
            ["Site:DefaultFacilityId"] = "default_facility",
            ["Site:PublicBaseUrl"] = "http://localhost:8000",
            ["Jde:BusinessUnit"] = "1110",
            ["Jde:CardexSummaryUrl"] = "https://jde/jderest/v3/orchestrator/JDE_CARDEX_SUMMARY",
            ["Jde:Username"] = "BAKERYINT",
            ["Jde:Password"] = "pw",
            ["Jde:Mode"] = "Ais",
            ["Lake:S3:Bucket"] = "bakery-operations-data-lake",
            ["Lake:S3:Region"] = "ap-southeast-2",
            ["Lake:S3:AccessKeyId"] = "AKIAEXAMPLE",
            ["Lake:S3:SecretAccessKey"] = "secret",
            ["Lake:S3:SessionToken"] = "session",
            ["Lake:Store"] = "S3",
            ["Ldap:Url"] = "ldap://ldap.example.com:389",
            ["Ldap:BaseDn"] = "dc=company,dc=com",
            ["Ldap:UserSearchBase"] = "cn=users,dc=company,dc=com",
        });
    }

    [Fact]
    public void JwtSettings_WhenDevelopmentHasNoKey_ThenGeneratesOneAndKeepsItAcrossStarts()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"bakeryops-jwt-{Guid.NewGuid():N}");
        try
        {
            var directory = DataDirectory.Resolve(Config((DataDirectory.VariableName, folder)), "/unused");

            var first = JwtSettings.Resolve(Config(), directory, isDevelopment: true);
            var second = JwtSettings.Resolve(Config(), directory, isDevelopment: true);

            first.SigningKey.Length.Should().BeGreaterThanOrEqualTo(64);
            second.SigningKey.Should().Be(first.SigningKey);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void JwtSettings_WhenLegacyVariablesAreSet_ThenTheyWin()
    {
        var key = new string('k', 64);
        var options = JwtSettings.Resolve(
            Config(("SECRET_KEY", key), ("ALGORITHM", "HS512"), ("ACCESS_TOKEN_EXPIRE_MINUTES", "15"), ("Jwt:AccessTokenMinutes", "60")),
            null!, isDevelopment: false);

        options.SigningKey.Should().Be(key);
        options.Algorithm.Should().Be("HS512");
        options.AccessTokenMinutes.Should().Be(15);
    }

    [Fact]
    public void JwtSettings_WhenTheKeyIsTooShortForTheAlgorithm_ThenTheErrorNamesTheLegacyVariable()
    {
        var resolve = () => JwtSettings.Resolve(Config(("SECRET_KEY", new string('k', 40)), ("ALGORITHM", "HS512")), null!, isDevelopment: false);

        resolve.Should().Throw<OptionsValidationException>().WithMessage("*SECRET_KEY is too short for HS512*64 bytes*");
    }

    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();
}
