using BakeryOps.Domain.Audit;
using BakeryOps.Infrastructure.Identity;

namespace BakeryOps.Portal.Audit;

/// <summary>The audit rows of password sign-ins: the sign-in page (method <c>local</c>); the token grants record their own.</summary>
public static class SignInAudit
{
    public const string SignInAction = "sign-in";
    public const string LocalMethod = "local";
    public const string LockedDetail = "The account is locked.";

    /// <summary>A sign-in on the page: success, failure, or denied when the account is locked or may not sign in.</summary>
    public static AuditEntry Local(HttpContext context, string? userName, PasswordSignInResult result)
    {
        var address = context.Connection.RemoteIpAddress?.ToString();
        var (outcome, detail) = result.Outcome switch
        {
            PasswordSignInOutcome.Succeeded => (AuditOutcomes.Success, null),
            PasswordSignInOutcome.LockedOut => (AuditOutcomes.Denied, LockedDetail),
            PasswordSignInOutcome.NotAllowed => (AuditOutcomes.Denied, "The account is not allowed to sign in."),
            _ => (AuditOutcomes.Failure, "Invalid user name or password."),
        };
        return new AuditEntry(AuditCategories.SignIn, SignInAction, outcome, Actor(userName, outcome, address), userName, detail, LocalMethod);
    }


    // Until the password is proven, the name is only what someone typed.
    private static AuditActor Actor(string? userName, string outcome, string? address) =>
        outcome == AuditOutcomes.Success && !string.IsNullOrWhiteSpace(userName)
            ? new AuditActor(userName.Trim(), AuditActorKinds.User, address)
            : AuditActor.Anonymous(userName, address);
}
