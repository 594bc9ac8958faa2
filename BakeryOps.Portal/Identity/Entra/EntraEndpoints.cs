using BakeryOps.Domain.Audit;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;

namespace BakeryOps.Portal.Identity.Entra;

/// <summary>
/// <c>GET /signin/entra</c> sends the browser to Microsoft; after the OpenID Connect callback,
/// <c>GET /signin/entra/complete</c> turns the external sign-in into the portal's own cookie.
/// Both answer 404 while Entra ID is not configured.
/// </summary>
public static partial class EntraEndpoints
{
    public const string SignInPath = "/signin/entra";
    public const string CompletePath = "/signin/entra/complete";

    /// <summary>The <c>external</c> query value the login page turns into a message.</summary>
    public static class Errors
    {
        public const string Failed = "failed";
        public const string NoRole = "no-role";
        public const string LockedOut = "locked";
        public const string NotLinked = "not-linked";
    }

    public static IEndpointRouteBuilder MapEntraEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(SignInPath, Challenge).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(CompletePath, CompleteAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static IResult Challenge(IOptions<EntraOptions> options, string? returnUrl)
    {
        if (!options.Value.Enabled)
        {
            return TypedResults.NotFound();
        }

        var complete = $"{CompletePath}?returnUrl={Uri.EscapeDataString(LocalOrHome(returnUrl))}";
        return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = complete }, [EntraOptions.Scheme]);
    }

    public static async Task<IResult> CompleteAsync(
        HttpContext context,
        IOptions<EntraOptions> options,
        SignInManager<ApplicationUser> signIn,
        ExternalAccounts accounts,
        EntraRoleMap roleMap,
        AuditLog audit,
        ILoggerFactory loggers,
        string? returnUrl)
    {
        if (!options.Value.Enabled)
        {
            return TypedResults.NotFound();
        }

        var logger = loggers.CreateLogger(typeof(EntraEndpoints));
        var external = await context.AuthenticateAsync(IdentityConstants.ExternalScheme);
        if (external is not { Succeeded: true, Principal: { } principal })
        {
            LogNoExternalSignIn(logger, external.Failure?.Message ?? "no external sign-in cookie");
            return TypedResults.LocalRedirect($"~/login?external={Errors.Failed}");
        }

        await context.SignOutAsync(IdentityConstants.ExternalScheme);
        var userName = principal.FindFirst("preferred_username")?.Value ?? principal.FindFirst("email")?.Value ?? principal.FindFirst("upn")?.Value;
        // Microsoft.Identity.Web's readers know both the raw (oid, tid) and the mapped claim types.
        var objectId = principal.GetObjectId();
        var tenantId = principal.GetTenantId() ?? options.Value.TenantId;
        var address = context.Connection.RemoteIpAddress?.ToString();
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrWhiteSpace(objectId))
        {
            LogRefused(logger, userName ?? "(none)", "NoUser", string.Join(", ", principal.Claims.Select(c => c.Type).Distinct()));
            await RecordAsync(audit, AuditActor.Anonymous(userName, address), AuditOutcomes.Failure, "the token names no user (preferred_username, oid)");
            return TypedResults.LocalRedirect($"~/login?external={Errors.Failed}");
        }

        // The object id within the tenant is the person's lasting key; the user name can be renamed in the directory.
        var identity = new ExternalIdentity(
            EntraOptions.Scheme, $"{tenantId}/{objectId}", "Microsoft Entra ID", userName, principal.FindFirst("name")?.Value, roleMap.Map(principal));
        var result = await accounts.SignInAsync(identity, context.RequestAborted);
        if (!result.Succeeded)
        {
            LogRefused(logger, userName, result.Refusal.ToString(), result.Detail ?? "");
            await RecordAsync(audit, AuditActor.Anonymous(userName, address), AuditOutcomes.Failure, result.Detail);
            return TypedResults.LocalRedirect($"~/login?external={ErrorFor(result.Refusal)}");
        }

        await signIn.SignInAsync(result.User!, isPersistent: false, authenticationMethod: EntraOptions.Method);
        await RecordAsync(audit, new AuditActor(result.User!.UserName!, AuditActorKinds.User, address), AuditOutcomes.Success,
            $"roles: {string.Join(", ", identity.Roles)}");
        return TypedResults.LocalRedirect("~" + LocalOrHome(returnUrl));
    }

    /// <summary>The provider refused or the callback did not check out (state, nonce, code): back to the login page.</summary>
    internal static async Task RecordRemoteFailureAsync(RemoteFailureContext context)
    {
        var services = context.HttpContext.RequestServices;
        var detail = context.Failure?.Message;
        LogRemoteFailure(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EntraEndpoints)), detail ?? "");
        await RecordAsync(services.GetRequiredService<AuditLog>(),
            AuditActor.Anonymous(null, context.HttpContext.Connection.RemoteIpAddress?.ToString()), AuditOutcomes.Failure, detail);
        context.Response.Redirect($"{context.Request.PathBase}/login?external={Errors.Failed}");
        context.HandleResponse();
    }

    private static Task RecordAsync(AuditLog audit, AuditActor actor, string outcome, string? detail) =>
        audit.RecordAsync(new AuditEntry(AuditCategories.SignIn, "sign-in", outcome, actor, actor.Name, detail, EntraOptions.Method));

    private static string ErrorFor(ExternalSignInRefusal refusal) => refusal switch
    {
        ExternalSignInRefusal.NoRole => Errors.NoRole,
        ExternalSignInRefusal.LockedOut => Errors.LockedOut,
        ExternalSignInRefusal.NotLinked => Errors.NotLinked,
        _ => Errors.Failed,
    };

    // Only same-site paths: "/x" but not "//host" or "/\host", which browsers treat as another site.
    private static string LocalOrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Microsoft Entra sign-in of {UserName} refused: {Refusal} ({Detail})")]
    private static partial void LogRefused(ILogger logger, string userName, string refusal, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Microsoft Entra sign-in could not be completed: {Failure}")]
    private static partial void LogNoExternalSignIn(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Microsoft Entra sign-in failed at the callback: {Failure}")]
    private static partial void LogRemoteFailure(ILogger logger, string failure);
}
