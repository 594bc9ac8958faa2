using System.Text.Json;
using System.Text.Json.Nodes;
using BakeryOps.Infrastructure.Jde.Simulator;

namespace BakeryOps.Portal.Jde;

/// <summary>
/// The simulator's AIS login surface under <c>/jde-sim/jderest/</c>: token request (unversioned, v2, v3 jde-login),
/// validate and logout, with credentials from the body, HTTP Basic or <c>jde-AIS-Auth-*</c> headers. It answers as AIS
/// does: 403 with a ServiceErrorResponse for bad credentials, 444 for an invalid or expired token. The portal's own
/// sign-in does not apply: AIS callers authenticate to AIS.
/// </summary>
public static class JdeSimulatorAuthEndpoints
{
    public const string Prefix = "/jde-sim/jderest";

    /// <summary>The login surface under <paramref name="prefix"/> (the portal's <see cref="Prefix"/> unless given).</summary>
    public static RouteGroupBuilder MapJdeSimulatorAuthEndpoints(this IEndpointRouteBuilder app, string prefix = Prefix)
    {
        var group = app.MapGroup(prefix).AllowAnonymous().DisableAntiforgery().WithTags("JD Edwards simulator")
            .WithMetadata(AisErrorResponses.Instance);
        group.MapPost("/tokenrequest", Login);
        group.MapPost("/v2/tokenrequest", Login);
        group.MapPost("/v3/orchestrator/jde-login", Login);
        group.MapPost("/v2/tokenrequest/validate", ValidateBody);
        group.MapGet("/v3/orchestrator/jde-validate-session", ValidateHeaders);
        group.MapPost("/v2/tokenrequest/logout", LogoutBody);
        group.MapGet("/v3/orchestrator/jde-logout", LogoutHeaders);
        return group;
    }

    public static async Task<IResult> Login(HttpContext context, JdeSimulatorSessions sessions, TimeProvider clock)
    {
        var body = await ReadBodyAsync(context.Request);
        if (body is null)
        {
            return AisResults.Error(StatusCodes.Status400BadRequest, "Invalid JSON input", clock);
        }

        var basic = JdeSimulatorSessions.ParseBasic(context.Request.Headers.Authorization);
        var user = Text(body, "username") ?? basic?.UserName;
        var password = Text(body, "password") ?? basic?.Password;
        var token = sessions.Login(user, password, Device(context, body));
        if (token is null)
        {
            return AisResults.Error(StatusCodes.Status403Forbidden, "Authorization Failure", clock);
        }

        var account = sessions.Account;
        return Results.Json(new JsonObject
        {
            ["username"] = account.UserName,
            ["environment"] = Text(body, "environment") ?? account.Environment,
            ["role"] = Text(body, "role") ?? account.Role,
            ["jasserver"] = $"{context.Request.Scheme}://{context.Request.Host}",
            ["userInfo"] = new JsonObject
            {
                ["token"] = token,
                ["langPref"] = "  ",
                ["locale"] = "en",
                ["country"] = "AU",
                ["appsRelease"] = "E920",
                ["dateFormat"] = account.DateFormat,
                ["dateSeperator"] = account.DateSeparator,
                ["simpleDateFormat"] = account.SimpleDateFormat,
                ["decimalFormat"] = ".",
                ["addressNumber"] = 4242,
                ["alphaName"] = "Integration, Bakery",
            },
            ["userAuthorized"] = false,
            ["adminAuthorized"] = false,
            ["version"] = null,
        });
    }

    public static async Task<IResult> ValidateBody(HttpContext context, JdeSimulatorSessions sessions, TimeProvider clock)
    {
        var body = await ReadBodyAsync(context.Request);
        var touch = body?["touch"] is JsonValue t && t.TryGetValue(out bool value) ? value : false;
        return sessions.Validate(Text(body, "token"), Device(context, body), touch)
            ? Results.Json(new { isValidSession = true })
            : AisResults.InvalidToken(clock);
    }

    public static IResult ValidateHeaders(HttpContext context, JdeSimulatorSessions sessions, TimeProvider clock) =>
        sessions.Validate(context.Request.Headers["jde-AIS-Auth"].ToString(), Device(context, null))
            ? Results.Json(new { isValidSession = true })
            : AisResults.InvalidToken(clock);

    public static async Task<IResult> LogoutBody(HttpContext context, JdeSimulatorSessions sessions, TimeProvider clock)
    {
        var body = await ReadBodyAsync(context.Request);
        var token = Text(body, "token") ?? context.Request.Headers["jde-AIS-Auth"].ToString();
        return sessions.Logout(token) ? Results.Json(new JsonObject()) : AisResults.InvalidToken(clock);
    }

    public static IResult LogoutHeaders(HttpContext context, JdeSimulatorSessions sessions, TimeProvider clock) =>
        sessions.Logout(context.Request.Headers["jde-AIS-Auth"].ToString()) ? Results.Json(new JsonObject()) : AisResults.InvalidToken(clock);

    /// <summary>The device a token is bound to: the body's deviceName, the jde-AIS-Auth-Device header, else the caller's address.</summary>
    internal static string Device(HttpContext context, JsonObject? body) =>
        Text(body, "deviceName")
        ?? (context.Request.Headers["jde-AIS-Auth-Device"].ToString() is { Length: > 0 } header ? header : null)
        ?? context.Connection.RemoteIpAddress?.ToString()
        ?? "unknown";

    /// <summary>The JSON object body; an empty body is an empty object; null when the body is not a JSON object.</summary>
    internal static async Task<JsonObject?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.HasJsonContentType()))
        {
            return [];
        }

        try
        {
            return await JsonNode.ParseAsync(request.Body) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string? Text(JsonObject? body, string name) =>
        body?[name] is JsonValue value && value.TryGetValue(out string? text) && !string.IsNullOrEmpty(text) ? text : null;
}
