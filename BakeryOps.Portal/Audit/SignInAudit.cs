using BakeryOps.Domain.Audit;
using Microsoft.AspNetCore.Identity;

namespace BakeryOps.Portal.Audit;

/// <summary>The audit rows of password sign-ins: the sign-in page (method <c>local</c>) and the token password grant.</summary>
public static class SignInAudit
{
    public const string SignInAction = "sign-in";
    public const string GrantAction = "password-grant";
    public const string LocalMethod = "local";
    public const string PasswordMethod = "password";
    public const string LockedDetail = "The account is locked.";

    /// <summary>A sign-in on the page: success, failure, or denied when the account is locked or may not sign in.</summary>
    public static AuditEntry Local(HttpContext context, string? userName, SignInResult result)
    {
        var address = context.Connection.RemoteIpAddress?.ToString();
        var (outcome, detail) = result switch
        {
            { Succeeded: true } => (AuditOutcomes.Success, null),
            { IsLockedOut: true } => (AuditOutcomes.Denied, LockedDetail),
            { IsNotAllowed: true } => (AuditOutcomes.Denied, "The account is not allowed to sign in."),
            _ => (AuditOutcomes.Failure, "Invalid user name or password."),
        };
        return new AuditEntry(AuditCategories.SignIn, SignInAction, outcome, Actor(userName, outcome, address), userName, detail, LocalMethod);
    }

    /// <summary>A password grant at <c>POST /token</c>, as its answer ended.</summary>
    public static AuditEntry PasswordGrant(HttpContext context, string? userName, bool succeeded, string? detail)
    {
        var address = context.Connection.RemoteIpAddress?.ToString();
        var outcome = succeeded ? AuditOutcomes.Success : AuditOutcomes.Failure;
        return new AuditEntry(AuditCategories.Token, GrantAction, outcome, Actor(userName, outcome, address), userName, detail, PasswordMethod);
    }

    // Until the password is proven, the name is only what someone typed.
    private static AuditActor Actor(string? userName, string outcome, string? address) =>
        outcome == AuditOutcomes.Success && !string.IsNullOrWhiteSpace(userName)
            ? new AuditActor(userName.Trim(), AuditActorKinds.User, address)
            : AuditActor.Anonymous(userName, address);
}
