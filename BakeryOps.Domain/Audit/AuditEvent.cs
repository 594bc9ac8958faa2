namespace BakeryOps.Domain.Audit;

/// <summary>
/// One thing a person or system did that an auditor may ask about later: who, when, from where, to what, and how it
/// ended. Rows are only ever added; nothing in the portal changes or deletes them.
/// </summary>
public sealed class AuditEvent
{
    public const int MaxCategoryLength = 40;
    public const int MaxActionLength = 80;
    public const int MaxOutcomeLength = 20;
    public const int MaxActorLength = 256;
    public const int MaxActorKindLength = 20;
    public const int MaxMethodLength = 40;
    public const int MaxAddressLength = 64;
    public const int MaxTargetLength = 256;
    public const int MaxDetailLength = 2000;

    public long Id { get; init; }
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>The area, one of <see cref="AuditCategories"/>.</summary>
    public required string Category { get; init; }

    /// <summary>What happened within the category, such as <c>sign-in</c> or <c>role-change</c>.</summary>
    public required string Action { get; init; }

    /// <summary>One of <see cref="AuditOutcomes"/>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The user name or service account client id that acted, or the name tried on a failed sign-in.</summary>
    public required string Actor { get; init; }

    /// <summary>One of <see cref="AuditActorKinds"/>.</summary>
    public required string ActorKind { get; init; }

    /// <summary>How: the sign-in method (<c>local</c>, <c>ldap</c>, <c>entra</c>), the grant type, or <c>page</c>/<c>api</c>.</summary>
    public string? Method { get; init; }

    /// <summary>The client's network address as the portal saw it.</summary>
    public string? Address { get; init; }

    /// <summary>What was acted on: a user name, client id, job, setting, dispatch key.</summary>
    public string? Target { get; init; }

    /// <summary>Words for a person: the roles given, the reason refused. Never a secret.</summary>
    public string? Detail { get; init; }
}

public static class AuditCategories
{
    public const string SignIn = "sign-in";
    public const string Token = "token";
    public const string User = "user";
    public const string ServiceAccount = "service-account";
    public const string Job = "job";
    public const string Settings = "settings";
    public const string Approval = "approval";
    public const string Dispatch = "dispatch";
    public const string Security = "security";

    public static IReadOnlyList<string> All { get; } = [SignIn, Token, User, ServiceAccount, Job, Settings, Approval, Dispatch, Security];
}

public static class AuditOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Denied = "denied";

    public static IReadOnlyList<string> All { get; } = [Success, Failure, Denied];
}

public static class AuditActorKinds
{
    public const string User = "user";
    public const string Service = "service";
    public const string System = "system";
    public const string Anonymous = "anonymous";
}
