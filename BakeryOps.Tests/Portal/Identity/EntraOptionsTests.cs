using BakeryOps.Portal.Identity.Entra;

namespace BakeryOps.Tests.Portal.Identity;

/// <summary>The AzureAd section: off when unset, and every wrong setting refused with a message naming it.</summary>
public sealed class EntraOptionsTests
{
    [Fact]
    public void Validate_WhenNothingIsSet_ThenEntraIsOffAndNothingIsAsked()
    {
        var options = new EntraOptions();

        options.Enabled.Should().BeFalse();
        options.Validate().Should().BeEmpty();
    }

    [Fact]
    public void Validate_WhenCompletelySet_ThenAccepted()
    {
        var options = Valid();

        options.Enabled.Should().BeTrue();
        options.Validate().Should().BeEmpty();
        options.Issuers.Should().Equal(
            "https://login.microsoftonline.com/6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b/v2.0",
            "https://sts.windows.net/6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b/");
        options.Audiences.Should().Equal("0d9e8f7a-6b5c-4d3e-2f1a-b0c9d8e7f6a5", "api://0d9e8f7a-6b5c-4d3e-2f1a-b0c9d8e7f6a5");
    }

    [Theory]
    [InlineData("Instance", "login.microsoftonline.com", "AzureAd:Instance")]
    [InlineData("Instance", "http://login.example.test/", "AzureAd:Instance")]
    [InlineData("TenantId", "", "AzureAd:TenantId")]
    [InlineData("TenantId", "common", "AzureAd:TenantId")]
    [InlineData("ClientId", " ", "AzureAd:ClientId")]
    [InlineData("ClientSecret", "", "AzureAd:ClientSecret or AzureAd:ClientCertificatePath")]
    [InlineData("ClientCertificatePath", "/nowhere/portal.pfx", "AzureAd:ClientSecret or AzureAd:ClientCertificatePath")]
    [InlineData("CallbackPath", "signin-oidc", "AzureAd:CallbackPath")]
    [InlineData("RefreshInterval", "00:00:00.5", "AzureAd:RefreshInterval")]
    [InlineData("RoleMap", "", "AzureAd:RoleMap")]
    [InlineData("RoleMap", "Viewer,Boss", "AzureAd:RoleMap:BakeryOps.Admin")]
    public void Validate_WhenASettingIsWrong_ThenTheMessageNamesIt(string setting, string value, string named)
    {
        var options = Valid();
        switch (setting)
        {
            case "Instance": options.Instance = value; break;
            case "TenantId": options.TenantId = value; break;
            case "ClientId": options.ClientId = value; break;
            case "ClientSecret": options.ClientSecret = value; break;
            case "ClientCertificatePath": options.ClientCertificatePath = value; break;
            case "CallbackPath": options.CallbackPath = value; break;
            case "RefreshInterval": options.RefreshInterval = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "RoleMap" when value.Length == 0: options.RoleMap.Clear(); break;
            case "RoleMap": options.RoleMap["BakeryOps.Admin"] = value; break;
        }

        var errors = options.Validate().ToList();

        errors.Should().ContainSingle().Which.Should().Contain(named).And.NotContain("entra-secret");
    }

    [Fact]
    public void Validate_WhenTheCertificateFileIsNotAPfxWithItsKey_ThenTheMessageNamesTheSetting()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bakeryops-not-a-pfx-{Guid.NewGuid():N}.pfx");
        File.WriteAllText(path, "not a certificate");
        try
        {
            var options = Valid();
            options.ClientSecret = null;
            options.ClientCertificatePath = path;

            options.Validate().Should().ContainSingle().Which.Should().Contain("AzureAd:ClientCertificatePath could not be read");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Map_WhenAppRolesAndGroupsAreMapped_ThenTheirPortalRolesAreUnitedAndOthersIgnored()
    {
        var options = Valid();
        options.RoleMap["7d5e0000-0000-4000-8000-000000000001"] = "viewer, Inventory";
        var map = new EntraRoleMap(Microsoft.Extensions.Options.Options.Create(options));

        var roles = map.Map(["BakeryOps.Admin", "7D5E0000-0000-4000-8000-000000000001", "Admin", "Unmapped.Role"]);

        roles.Should().Equal("Admin", "Inventory", "Viewer");
    }

    private static EntraOptions Valid() => new()
    {
        TenantId = "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
        ClientId = "0d9e8f7a-6b5c-4d3e-2f1a-b0c9d8e7f6a5",
        ClientSecret = "entra-secret-value",
        RoleMap = new(StringComparer.OrdinalIgnoreCase) { ["BakeryOps.Admin"] = "Admin" },
    };
}
