using System.DirectoryServices.Protocols;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using BakeryOps.Infrastructure.Identity.Ldap;

namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>
/// The slapd that ./scripts/test.sh starts, changed through LDAP as its root DN: each test adds its own users with
/// unique names and moves them between the seeded groups (bakery-admins, planners, viewers).
/// </summary>
public static class LdapTestDirectory
{
    private static readonly Lazy<string> CaFolder = new(() =>
    {
        // libldap trusts every certificate in the folder it is given: a folder with only the test CA.
        var folder = Path.Combine(Path.GetTempPath(), $"bakeryops-test-ldap-ca-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        File.Copy(TestEnvironment.LdapCaCertificate, Path.Combine(folder, "ca.pem"));
        return folder;
    });

    public static string BaseDn => TestEnvironment.LdapBaseDn;
    public static string PeopleDn => $"ou=people,{BaseDn}";
    public static string GroupsDn => $"ou=groups,{BaseDn}";

    public static string GroupDn(string group) => $"cn={group},{GroupsDn}";

    public static string UserDn(string uid) => $"uid={uid},{PeopleDn}";

    /// <summary>A name no other test uses, e.g. <c>dir-3f2a9c1b7d</c>.</summary>
    public static string NewUserName(string prefix = "dir") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 11)];

    /// <summary>Adds an inetOrgPerson under ou=people and puts it in the given groups.</summary>
    public static void AddUser(string uid, string password, params string[] groups)
    {
        using var connection = Admin();
        connection.SendRequest(new AddRequest(
            UserDn(uid),
            new DirectoryAttribute("objectClass", "inetOrgPerson"),
            new DirectoryAttribute("uid", uid),
            new DirectoryAttribute("cn", $"Test {uid}"),
            new DirectoryAttribute("sn", uid),
            new DirectoryAttribute("displayName", $"Directory {uid}"),
            new DirectoryAttribute("mail", $"{uid}@bakeryops.test"),
            new DirectoryAttribute("userPassword", password)));
        foreach (var group in groups)
        {
            AddToGroup(uid, group);
        }
    }

    public static void AddToGroup(string uid, string group) =>
        ChangeMember(uid, group, DirectoryAttributeOperation.Add);

    public static void RemoveFromGroup(string uid, string group) =>
        ChangeMember(uid, group, DirectoryAttributeOperation.Delete);

    private static void ChangeMember(string uid, string group, DirectoryAttributeOperation operation)
    {
        using var connection = Admin();
        var change = new DirectoryAttributeModification { Name = "member", Operation = operation };
        change.Add(UserDn(uid));
        connection.SendRequest(new ModifyRequest(GroupDn(group), change));
    }

    /// <summary>The portal's settings for this directory, as a site would write them.</summary>
    public static Dictionary<string, string?> Settings(string url, bool groupSearch) => new()
    {
        ["Ldap:Url"] = url,
        ["Ldap:BaseDn"] = BaseDn,
        ["Ldap:UserSearchBase"] = PeopleDn,
        ["Ldap:BindDn"] = TestEnvironment.LdapBindDn,
        ["Ldap:BindPassword"] = TestEnvironment.LdapBindPassword,
        ["Ldap:CaCertificatePath"] = TestEnvironment.LdapCaCertificate,
        // One fixture reads memberOf (the overlay keeps it), the other searches the groups.
        ["Ldap:GroupAttribute"] = groupSearch ? "" : "memberOf",
        ["Ldap:GroupSearchBase"] = groupSearch ? GroupsDn : null,
        // The admins are mapped by DN in MapAdminsByDn: a key holding '=' does not survive the test host's settings.
        ["Ldap:RoleMap:planners:0"] = "Planner",
        ["Ldap:RoleMap:planners:1"] = "Inventory",
        ["Ldap:RoleMap:viewers:0"] = "Viewer",
    };

    /// <summary>
    /// Maps bakery-admins by its DN (the others are mapped by name). The test host hands its settings on as
    /// command-line arguments, which split a key at its first '=', so a DN key is added here, as appsettings.json
    /// would give it.
    /// </summary>
    public static void MapAdminsByDn(IServiceCollection services) =>
        services.PostConfigure<LdapOptions>(o => o.RoleMap[GroupDn("bakery-admins")] = ["Admin"]);

    private static LdapConnection Admin()
    {
        var server = LdapServer.ParseAll(TestEnvironment.LdapUrl).Servers[0];
        var connection = new LdapConnection(new LdapDirectoryIdentifier(server.Host, server.Port)) { AuthType = AuthType.Basic };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.SecureSocketLayer = true;
        if (!OperatingSystem.IsWindows())
        {
            connection.SessionOptions.TrustedCertificatesDirectory = CaFolder.Value;
            connection.SessionOptions.StartNewTlsSessionContext();
        }

        connection.Bind(new NetworkCredential(TestEnvironment.LdapAdminDn, TestEnvironment.LdapAdminPassword));
        return connection;
    }
}
