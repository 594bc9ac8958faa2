namespace BakeryOps.Infrastructure.Identity;

/// <summary>The first administrator, created on first start when no account of that name exists.</summary>
public sealed class BootstrapAdminOptions
{
    /// <summary>Variable holding the password; when unset a password is generated and printed once to the console.</summary>
    public const string PasswordVariable = "BAKERYOPS_ADMIN_PASSWORD";

    /// <summary>Variable that renames the account (default <c>admin</c>).</summary>
    public const string UserNameVariable = "BAKERYOPS_ADMIN_USER";

    public string UserName { get; set; } = "admin";
    public string? Password { get; set; }
}
