using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Identity.Ldap;

namespace BakeryOps.Tests.Infrastructure.Identity.Ldap;

/// <summary>Ldap:RoleMap matches a group by its DN or by its name, and unions the roles of every matched group.</summary>
public sealed class LdapRoleMapTests
{
    private static readonly Dictionary<string, string[]> Map = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CN=Bakery Admins,OU=Groups,DC=example,DC=com"] = [Roles.Admin],
        ["planners"] = [Roles.Planner, Roles.Inventory],
        ["viewers"] = [Roles.Viewer],
    };

    [Fact]
    public void Roles_WhenGroupsMatchByDnAndByName_ThenTheRolesAreUnitedAndOrdered()
    {
        var roles = LdapRoleMap.Roles(
            ["cn=bakery admins, ou=groups, dc=example, dc=com", "cn=Planners,ou=groups,dc=example,dc=com", "cn=viewers,ou=other,dc=example,dc=com"], Map);

        roles.Should().Equal(Roles.Admin, Roles.Inventory, Roles.Planner, Roles.Viewer);
    }

    [Fact]
    public void Roles_WhenNoGroupIsMapped_ThenNone()
    {
        LdapRoleMap.Roles(["cn=drivers,ou=groups,dc=example,dc=com", "cn=plannersx,ou=groups,dc=example,dc=com"], Map).Should().BeEmpty();
    }

    [Theory]
    [InlineData("cn=planners,ou=groups,dc=x", "planners")]
    [InlineData("CN=Smith\\, John,OU=People", "Smith, John")]
    [InlineData("cn=a+uid=b,dc=x", "a")]
    [InlineData("not a dn", null)]
    public void FirstRdnValue_WhenGivenADn_ThenReturnsTheUnescapedValueOfItsFirstRdn(string dn, string? expected)
    {
        LdapRoleMap.FirstRdnValue(dn).Should().Be(expected);
    }
}
