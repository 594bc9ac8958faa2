using System.Buffers.Text;
using System.Security.Cryptography;

namespace BakeryOps.Portal.Hosting;

/// <summary>
/// The headers every response carries (pages, API answers, errors, static files): a Content-Security-Policy with a
/// fresh script nonce per request, <c>X-Content-Type-Options</c>, <c>Referrer-Policy</c> and <c>X-Frame-Options</c>.
/// </summary>
/// <remarks>
/// Scripts: only the portal's own files and inline scripts carrying the request's nonce (the import map Blazor writes
/// into the page); no <c>unsafe-eval</c>, no <c>unsafe-inline</c>. Styles keep <c>unsafe-inline</c>: MudBlazor writes
/// its theme as a <c>style</c> element and Blazor sets <c>style</c> attributes through the DOM, which neither nonces
/// nor hashes can cover. Images allow <c>data:</c> (MudBlazor and Swagger UI icons) and <c>blob:</c> (the pivot chart's
/// PNG export draws an object URL).
/// </remarks>
public static class SecurityHeaders
{
    private const string NonceKey = "BakeryOps.CspNonce";

    /// <summary>The nonce of this request's Content-Security-Policy, for an inline script the page must carry.</summary>
    public static string Nonce(HttpContext context)
    {
        if (context.Items[NonceKey] is string nonce)
        {
            return nonce;
        }

        // URL-safe Base64: no '+' for the page's HTML encoder to turn into an entity.
        nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));
        context.Items[NonceKey] = nonce;
        return nonce;
    }

    /// <summary>The policy for one request; <paramref name="formActions"/> are origins forms may post to besides the portal.</summary>
    public static string ContentSecurityPolicy(string nonce, IEnumerable<string> formActions) => string.Join("; ",
        "default-src 'self'",
        $"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        string.Join(' ', ["form-action 'self'", .. formActions]),
        "frame-ancestors 'none'");

    /// <summary>Adds the headers to every response, including those the error handlers write; call first in the pipeline.</summary>
    public static IApplicationBuilder UsePortalSecurityHeaders(this IApplicationBuilder app)
    {
        var formActions = SignInOrigins(app.ApplicationServices.GetRequiredService<IConfiguration>());
        return app.Use(async (context, next) =>
        {
            // OnStarting, not now: the exception handler clears the headers before it writes its answer.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy(Nonce(context), formActions);
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                headers.XFrameOptions = "DENY";
                return Task.CompletedTask;
            });
            await next(context);
        });
    }

    // Chrome applies form-action to the redirects after a form post, so a sign-in button that posts to the portal and
    // is redirected to the identity provider needs the provider's origin here.
    private static string[] SignInOrigins(IConfiguration configuration) =>
        Uri.TryCreate(configuration["AzureAd:Instance"], UriKind.Absolute, out var instance) && instance.Scheme is "https" or "http"
            ? [instance.GetLeftPart(UriPartial.Authority)]
            : [];
}
