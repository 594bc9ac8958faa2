using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Tests.TestInfrastructure;
using Npgsql;

namespace BakeryOps.Tests.Portal.Hosting;

/// <summary>Start-up reads the earlier system's variables and refuses bad settings with a message naming the key.</summary>
public sealed class StartupConfigurationTests
{
    [Fact]
    [Trait("Category", "Postgres")]
    public async Task Start_WhenPgDatabaseUrlIsSetInUrlForm_ThenThePortalUsesPostgreSql()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var cs = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var url = $"postgresql://{Uri.EscapeDataString(cs.Username!)}:{Uri.EscapeDataString(cs.Password ?? "")}@{cs.Host}:{cs.Port}/{cs.Database}";
        await using var factory = new PortalFactory(new Dictionary<string, string?> { ["PG_DATABASE_URL"] = url });
        using var client = factory.CreateHttpClient();

        var health = await client.GetFromJsonAsync<JsonElement>("health");
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM \"AspNetUsers\" WHERE \"UserName\" = 'admin'", connection);

        health.GetProperty("checks").GetProperty("database").GetProperty("data").GetProperty("provider").GetString().Should().Be("Postgres");
        ((long)(await count.ExecuteScalarAsync())!).Should().Be(1);
    }

    [Theory]
    [InlineData("PG_DATABASE_URL", "mysql://user:secret-pw@host/db", "PG_DATABASE_URL")]
    [InlineData("PG_DATABASE_URL", "postgresql://user:secret-pw@host:5432", "PG_DATABASE_URL")]
    [InlineData("Database:Provider", "Oracle", "Database:Provider")]
    [InlineData("Database:CommandTimeoutSeconds", "0", "Database:CommandTimeoutSeconds")]
    [InlineData("Jwt:AccessTokenMinutes", "0", "Jwt:AccessTokenMinutes")]
    [InlineData("ACCESS_TOKEN_EXPIRE_MINUTES", "forever", "ACCESS_TOKEN_EXPIRE_MINUTES")]
    [InlineData("ALGORITHM", "RS256", "ALGORITHM")]
    [InlineData("Jwt:SigningKey", "too-short", "Jwt:SigningKey")]
    [InlineData("Jwt:RefreshTokenSlidingDays", "0", "Jwt:RefreshTokenSlidingDays")]
    [InlineData("Jwt:RefreshTokenAbsoluteDays", "soon", "Jwt:RefreshTokenAbsoluteDays")]
    [InlineData("Jwt:RefreshTokenAbsoluteDays", "7", "Jwt:RefreshTokenAbsoluteDays (7) must be at least Jwt:RefreshTokenSlidingDays (14)")]
    [InlineData("Jwt:RevocationCheckSeconds", "0", "Jwt:RevocationCheckSeconds")]
    [InlineData("Cors:AllowedOrigins:0", "not a url", "Cors:AllowedOrigins")]
    [InlineData("Jobs:TimeZone", "Mars/Olympus_Mons", "Jobs:TimeZone")]
    [InlineData("Jobs:AuditExport", "daily", "Jobs:AuditExport")]
    [InlineData("Api:MaxRequestBodyBytes", "10", "Api:MaxRequestBodyBytes")]
    [InlineData("Jde:Mode", "Ais", "Jde:BaseUrl")]
    [InlineData("Jde:CardexWindowDays", "0", "Jde:CardexWindowDays")]
    [InlineData("Jde:Simulator:MaxRecords", "0", "Jde:Simulator:MaxRecords")]
    [InlineData("Jde:Simulator:LedgerRows", "-1", "Jde:Simulator:LedgerRows")]
    [InlineData("Jde:Simulator:Password", "", "Jde:Simulator:Password")]
    [InlineData("S3_BASE_PREFIX", "../escape", "Lake:Prefix")]
    [InlineData("JDE_CARDEX_URL", "https://ais.example.com/jderest/v3/orchestrator/JDE_CARDEX_SUMMARY", "Jde:Username")]
    [InlineData("JDE_ITEM_BALANCE_URL", "ais.example.com/JDE_ITEM_BALANCE", "Jde:ItemBalanceUrl (JDE_ITEM_BALANCE_URL)")]
    [InlineData("Lake:Store", "S3", "Lake:S3:Bucket")]
    [InlineData("Site:DefaultFacilityId", "bad id!", "Site:DefaultFacilityId")]
    [InlineData("Site:TimeZone", "Mars/Olympus_Mons", "Site:TimeZone")]
    [InlineData("Sync:ItemMaster:GlClasses:0", "WA 01!", "Sync:ItemMaster:GlClasses:0")]
    [InlineData("Sync:ItemMaster:AutoApply", "sometimes", "Sync:ItemMaster:AutoApply")]
    [InlineData("Analytics:MaxCells", "0", "Analytics:MaxCells")]
    [InlineData("Analytics:QueryTimeout", "-00:00:01", "Analytics:QueryTimeout")]
    [InlineData("Analytics:MaxDrillThroughRows", "0", "Analytics:MaxDrillThroughRows")]
    [InlineData("ServiceAccounts:SecretOverlap", "31.00:00:00", "ServiceAccounts:SecretOverlap")]
    [InlineData("ServiceAccounts:TokenCheckInterval", "-00:00:01", "ServiceAccounts:TokenCheckInterval")]
    [InlineData("BAKERYOPS_ADMIN_PASSWORD", "short", "BAKERYOPS_ADMIN_PASSWORD")]
    [InlineData("RateLimits:SignInPerAddress:PermitLimit", "0", "RateLimits:SignInPerAddress:PermitLimit")]
    [InlineData("RateLimits:TokenFailuresPerUserName:Window", "00:00:00", "RateLimits:TokenFailuresPerUserName:Window")]
    [InlineData("RateLimits:ApiPerPrincipal:PermitLimit", "-1", "RateLimits:ApiPerPrincipal:PermitLimit")]
    [InlineData("RateLimits:ApiPerPrincipal:Window", "2.00:00:00", "RateLimits:ApiPerPrincipal:Window")]
    [InlineData("Security:Lockout:MaxFailedAccessAttempts", "0", "Security:Lockout:MaxFailedAccessAttempts")]
    [InlineData("Security:Lockout:Duration", "00:00:00", "Security:Lockout:Duration")]
    [InlineData("Security:CookieSecurePolicy", "Sometimes", "Security:CookieSecurePolicy")]
    [InlineData("Security:CookieSecurePolicy", "0", "Security:CookieSecurePolicy")]
    [InlineData("Security:HstsMaxAge", "-1.00:00:00", "Security:HstsMaxAge")]
    [InlineData("AzureAd:ClientId", "0d9e8f7a-6b5c-4d3e-2f1a-b0c9d8e7f6a5", "AzureAd:TenantId")]
    [InlineData("AzureAd:TenantId", "contoso.onmicrosoft.com", "AzureAd:TenantId")]
    [InlineData("AzureAd:TenantId", "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "AzureAd:ClientId")]
    [InlineData("AzureAd:ClientSecret", "secret-pw-of-the-app", "AzureAd:ClientId")]
    [InlineData("AzureAd:ClientCertificatePath", "/nowhere/portal.pfx", "AzureAd:ClientCertificatePath")]
    [InlineData("AzureAd:RoleMap:BakeryOps.Admin", "Superuser", "AzureAd:RoleMap:BakeryOps.Admin")]
    [InlineData("LDAP_SERVER", "http://ldap.example.com", "Ldap:Url (LDAP_SERVER)")]
    [InlineData("LDAP_SERVER", "ldaps://ldap.example.com", "Ldap:BaseDn (LDAP_BASE_DN)")]
    [InlineData("LDAP_BASE_DN", "dc=example,dc=com", "Ldap:Url (LDAP_SERVER) is required")]
    [InlineData("Ldap:RoleMap:planners:0", "Baker", "Ldap:Url (LDAP_SERVER) is required")]
    public async Task Start_WhenASettingIsInvalid_ThenStopsWithAMessageNamingTheKey(string key, string value, string named)
    {
        await using var factory = new PortalFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            [key] = value,
        });

        var start = () => factory.BaseAddress;

        var error = start.Should().Throw<Exception>().Which;
        Flatten(error).Should().Contain(named).And.NotContain("secret-pw");
    }

    [Theory]
    [InlineData(null, "Jwt:SigningKey is required outside Development")]
    [InlineData("your-secret-key-change-this-in-production", "example value")]
    [InlineData("change-me-to-a-random-secret-of-at-least-32-bytes", "example value")]
    public async Task Start_WhenOutsideDevelopmentTheSigningKeyIsMissingOrAnExample_ThenRefusesToStart(string? key, string expected)
    {
        await using var factory = new PortalFactory(new Dictionary<string, string?> { ["Jwt:SigningKey"] = key }, environment: "Production");

        var start = () => factory.BaseAddress;

        Flatten(start.Should().Throw<Exception>().Which).Should().Contain(expected);
    }

    private static string Flatten(Exception error) => error switch
    {
        AggregateException aggregate => string.Join(" | ", aggregate.InnerExceptions.Select(Flatten)),
        { InnerException: { } inner } => error.Message + " | " + Flatten(inner),
        _ => error.Message,
    };
}
