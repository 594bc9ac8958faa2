using BakeryOps.Infrastructure.Identity.Ldap;
using Microsoft.Extensions.Configuration;

namespace BakeryOps.Tests.Infrastructure.Identity.Ldap;

/// <summary>The Ldap section: off when unset, and each wrong setting named in its message.</summary>
public sealed class LdapOptionsTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["Ldap:Url"] = "ldaps://dc1.example.com ldap://dc2.example.com:3389",
        ["Ldap:BaseDn"] = "dc=example,dc=com",
        ["Ldap:BindDn"] = "cn=reader,dc=example,dc=com",
        ["Ldap:BindPassword"] = "reader-secret-pw",
        ["Ldap:RoleMap:cn=admins,ou=groups,dc=example,dc=com:0"] = "Admin",
        ["Ldap:RoleMap:planners:0"] = "Planner",
    };

    [Fact]
    public void Validate_WhenNothingIsSet_ThenOffAndValid()
    {
        var options = Bind([]);

        options.Enabled.Should().BeFalse();
        options.Validate().Should().BeEmpty();
    }

    [Fact]
    public void Validate_WhenComplete_ThenValidWithServersInOrderAndTheRoleMapKeysKept()
    {
        var options = Bind(Valid);

        options.Validate().Should().BeEmpty();
        options.Servers.Should().Equal(
            new LdapServer("dc1.example.com", 636, LdapTlsMode.Ldaps), new LdapServer("dc2.example.com", 3389, LdapTlsMode.StartTls));
        options.RoleMap.Keys.Should().BeEquivalentTo("cn=admins,ou=groups,dc=example,dc=com", "planners");
        options.EffectiveUserSearchBase.Should().Be("dc=example,dc=com");
    }

    [Theory]
    [InlineData("Ldap:Url", "http://dc1.example.com", "Ldap:Url (LDAP_SERVER) must hold")]
    [InlineData("Ldap:Url", "ldap://dc1.example.com/dc=example,dc=com", "Ldap:Url (LDAP_SERVER) takes URLs with only a host and a port")]
    [InlineData("Ldap:TlsMode", "Ldaps", "Ldap:TlsMode is Ldaps but Ldap:Url")]
    [InlineData("Ldap:BaseDn", "", "Ldap:BaseDn (LDAP_BASE_DN) is required")]
    [InlineData("Ldap:BindPassword", "", "Ldap:BindDn and Ldap:BindPassword go together")]
    [InlineData("Ldap:UserAttribute", "uid)(x", "Ldap:UserAttribute")]
    [InlineData("Ldap:UserFilter", "objectClass=person", "Ldap:UserFilter")]
    [InlineData("Ldap:GroupAttribute", "member of", "Ldap:GroupAttribute")]
    [InlineData("Ldap:RoleMap:planners:0", "Baker", "Ldap:RoleMap:planners must list portal roles")]
    [InlineData("Ldap:CaCertificatePath", "/nonexistent/ca.pem", "Ldap:CaCertificatePath names no file")]
    [InlineData("Ldap:ConnectTimeout", "00:00:00", "Ldap:ConnectTimeout")]
    [InlineData("Ldap:OperationTimeout", "00:05:00", "Ldap:OperationTimeout")]
    public void Validate_WhenOneSettingIsWrong_ThenTheMessageNamesItAndHoldsNoPassword(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>(Valid) { [key] = value };

        var errors = Bind(settings).Validate().ToList();

        errors.Should().ContainSingle().Which.Should().StartWith(expected).And.NotContain("reader-secret-pw");
    }

    [Fact]
    public void Validate_WhenTheCaFileIsNotAPemCertificate_ThenTheMessageNamesTheSetting()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a certificate");
            var settings = new Dictionary<string, string?>(Valid) { ["Ldap:CaCertificatePath"] = path };

            Bind(settings).Validate().Should().ContainSingle().Which.Should().StartWith("Ldap:CaCertificatePath").And.Contain("not a readable PEM certificate");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Validate_WhenGroupsCanNotBeRead_ThenSaysSo()
    {
        var settings = new Dictionary<string, string?>(Valid) { ["Ldap:GroupAttribute"] = "" };

        Bind(settings).Validate().Should().ContainSingle().Which.Should().StartWith("Ldap:GroupAttribute or Ldap:GroupSearchBase must be set");
    }

    [Fact]
    public void Validate_WhenOnlyTheBaseDnIsSet_ThenTheUrlIsAskedFor()
    {
        Bind(new() { ["Ldap:BaseDn"] = "dc=example,dc=com" }).Validate().Should().ContainSingle()
            .Which.Should().StartWith("Ldap:Url (LDAP_SERVER) is required");
    }

    private static LdapOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(LdapOptions.SectionName).Get<LdapOptions>() ?? new LdapOptions();
}
