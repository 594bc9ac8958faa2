using System.Text.Json;
using BakeryOps.Infrastructure.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BakeryOps.Portal.Audit;

/// <summary>
/// Records each password grant at <c>POST /token</c> once, from outside the handler: the grant's code can change (the
/// directory sign-in, other grant types) without moving the audit. A request refused before any password is checked
/// (400, 415) is not a sign-in attempt and writes nothing; other grant types record their own rows.
/// </summary>
public sealed class TokenGrantAudit(AuditLog audit) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (request.HasJsonContentType())
        {
            // The handler reads the body too.
            request.EnableBuffering();
        }

        var answer = await next(context);
        var result = answer is INestedHttpResult nested ? nested.Result : answer;
        (bool? succeeded, string? detail) = result switch
        {
            IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK } => (true, null),
            ProblemHttpResult { StatusCode: StatusCodes.Status401Unauthorized } problem => (false, problem.ProblemDetails.Detail),
            _ => ((bool?)null, (string?)null),
        };
        if (succeeded is null)
        {
            return answer;
        }

        var (grantType, userName) = await ReadFieldsAsync(request);
        if (grantType is null or "password")
        {
            await audit.RecordAsync(SignInAudit.PasswordGrant(context.HttpContext, userName, succeeded.Value, detail), CancellationToken.None);
        }

        return answer;
    }

    private static async Task<(string? GrantType, string? UserName)> ReadFieldsAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            return (Blank(form["grant_type"].ToString()), form["username"].ToString());
        }

        request.Body.Position = 0;
        using var json = await JsonDocument.ParseAsync(request.Body);
        return (Text(json.RootElement, "grant_type"), Text(json.RootElement, "username"));
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? Blank(value.GetString())
            : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
