using System.Net;
using System.Net.Sockets;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Identity.Ldap;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BakeryOps.Tests.Infrastructure.Identity.Ldap;

/// <summary>The directory client against the real slapd of ./scripts/test.sh: search, bind, groups, TLS and failover.</summary>
[Trait("Category", "Ldap")]
public sealed class LdapDirectoryTests : IDisposable
{
    private const string Password = "Directory-Passw0rd!";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"bakeryops-ldap-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (System.IO.Directory.Exists(_dataDirectory))
        {
            System.IO.Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Authenticate_WhenThePasswordIsRight_ThenReturnsTheEntryAndItsGroupsOverLdapsAndStartTls(bool startTls)
    {
        var uid = LdapTestDirectory.NewUserName();
        LdapTestDirectory.AddUser(uid, Password, "planners", "viewers");
        var settings = LdapTestDirectory.Settings(startTls ? TestEnvironment.LdapStartTlsUrl : TestEnvironment.LdapUrl, groupSearch: startTls);

        var result = await Directory(settings).AuthenticateAsync(uid.ToUpperInvariant(), Password);

        var found = result.Should().BeOfType<LdapAuthentication.Succeeded>((result as LdapAuthentication.Unavailable)?.Reason).Subject;
        found.Dn.Should().Be(LdapTestDirectory.UserDn(uid));
        found.UserName.Should().Be(uid, "the directory's spelling, not what was typed");
        found.DisplayName.Should().Be($"Directory {uid}");
        found.Email.Should().Be($"{uid}@bakeryops.test");
        found.Groups.Should().BeEquivalentTo(LdapTestDirectory.GroupDn("planners"), LdapTestDirectory.GroupDn("viewers"));
    }

    [Fact]
    public async Task Authenticate_WhenThePasswordIsWrongOrEmptyOrTheUserUnknown_ThenInvalidCredentials()
    {
        var uid = LdapTestDirectory.NewUserName();
        LdapTestDirectory.AddUser(uid, Password, "viewers");
        var directory = Directory(LdapTestDirectory.Settings(TestEnvironment.LdapUrl, groupSearch: false));

        (await directory.AuthenticateAsync(uid, "not-the-password")).Should().BeOfType<LdapAuthentication.InvalidCredentials>();
        // An empty password would be an unauthenticated bind, which slapd accepts as anonymous.
        (await directory.AuthenticateAsync(uid, "")).Should().BeOfType<LdapAuthentication.InvalidCredentials>();
        (await directory.AuthenticateAsync("nobody-" + uid, Password)).Should().BeOfType<LdapAuthentication.InvalidCredentials>();
    }

    [Theory]
    [InlineData("*")]
    [InlineData("{prefix}*")]
    [InlineData("{user})(uid=*")]
    [InlineData("*)(|(uid=*")]
    [InlineData("{user})(|(uid=*")]
    [InlineData("\\00")]
    [InlineData("{user}\\00")]
    [InlineData("{user}\0")]
    public async Task Authenticate_WhenTheNameTriesFilterInjection_ThenNoEntryMatchesEvenWithARealPassword(string pattern)
    {
        // Unescaped, each of these would match the user (or many users) and the real password would bind.
        var uid = LdapTestDirectory.NewUserName();
        LdapTestDirectory.AddUser(uid, Password, "viewers");
        var typed = pattern.Replace("{prefix}", uid[..^3], StringComparison.Ordinal).Replace("{user}", uid, StringComparison.Ordinal);

        var result = await Directory(LdapTestDirectory.Settings(TestEnvironment.LdapUrl, groupSearch: false)).AuthenticateAsync(typed, Password);

        result.Should().BeOfType<LdapAuthentication.InvalidCredentials>();
    }

    [Fact]
    public async Task Authenticate_WhenTheServerCertificateIsNotSignedByATrustedCa_ThenUnavailableAndNoBind()
    {
        var uid = LdapTestDirectory.NewUserName();
        LdapTestDirectory.AddUser(uid, Password, "viewers");
        var settings = LdapTestDirectory.Settings(TestEnvironment.LdapUrl, groupSearch: false);
        settings["Ldap:CaCertificatePath"] = null;

        var result = await Directory(settings).AuthenticateAsync(uid, Password);

        result.Should().BeOfType<LdapAuthentication.Unavailable>();
    }

    [Fact]
    public async Task Authenticate_WhenTheHostNameIsNotInTheCertificate_ThenUnavailable()
    {
        // The test certificate names localhost and 127.0.0.1; slapd listens on 127.0.0.2 too, with the same certificate.
        var uid = LdapTestDirectory.NewUserName();
        LdapTestDirectory.AddUser(uid, Password, "viewers");

        var result = await Directory(LdapTestDirectory.Settings(TestEnvironment.LdapWrongNameUrl, groupSearch: false)).AuthenticateAsync(uid, Password);

        result.Should().BeOfType<LdapAuthentication.Unavailable>();
    }

    [Fact]
    public async Task Authenticate_WhenTheFirstServerIsDown_ThenTheNextOneAnswers_AndWhenAllAreDownUnavailable()
    {
        var uid = LdapTestDirectory.NewUserName();
        LdapTestDirectory.AddUser(uid, Password, "viewers");
        var down = $"ldaps://127.0.0.1:{ClosedPort()}";

        var failover = await Directory(LdapTestDirectory.Settings($"{down} {TestEnvironment.LdapUrl}", groupSearch: false)).AuthenticateAsync(uid, Password);
        var allDown = await Directory(LdapTestDirectory.Settings(down, groupSearch: false)).AuthenticateAsync(uid, Password);

        failover.Should().BeOfType<LdapAuthentication.Succeeded>((failover as LdapAuthentication.Unavailable)?.Reason);
        allDown.Should().BeOfType<LdapAuthentication.Unavailable>().Which.Reason.Should().Contain(down);
    }

    [Fact]
    public async Task Authenticate_WhenTheServerAcceptsButNeverAnswers_ThenUnavailableWithinTheTimeouts()
    {
        // Accepts TCP connections and never says a word, so the TLS handshake waits forever.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var settings = LdapTestDirectory.Settings($"ldaps://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}", groupSearch: false);
        settings["Ldap:ConnectTimeout"] = "00:00:01";
        settings["Ldap:OperationTimeout"] = "00:00:01";
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await Directory(settings).AuthenticateAsync("anyone", Password);

        result.Should().BeOfType<LdapAuthentication.Unavailable>();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "one connect and three operations of one second each");
    }

    [Fact]
    public async Task Authenticate_WhenTheSearchAccountIsRefused_ThenUnavailableNotInvalidCredentials()
    {
        var uid = LdapTestDirectory.NewUserName();
        LdapTestDirectory.AddUser(uid, Password, "viewers");
        var settings = LdapTestDirectory.Settings(TestEnvironment.LdapUrl, groupSearch: false);
        settings["Ldap:BindPassword"] = "not-the-reader-password";

        var result = await Directory(settings).AuthenticateAsync(uid, Password);

        result.Should().BeOfType<LdapAuthentication.Unavailable>().Which.Reason.Should().Contain("Ldap:BindDn").And.NotContain("not-the-reader-password");
    }

    /// <summary>A loopback port nothing listens on.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private LdapDirectory Directory(Dictionary<string, string?> settings)
    {
        var options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(LdapOptions.SectionName).Get<LdapOptions>()!;
        options.Validate().Should().BeEmpty();
        var data = DataDirectory.Resolve(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { [DataDirectory.VariableName] = _dataDirectory }).Build(), _dataDirectory);
        return new LdapDirectory(Options.Create(options), data, NullLogger<LdapDirectory>.Instance);
    }
}
