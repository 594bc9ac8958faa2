using BakeryOps.Domain.Input;
using Microsoft.AspNetCore.WebUtilities;

namespace BakeryOps.Portal.Input;

/// <summary>
/// Finds the field of a URL-encoded form that breaks <see cref="InputText"/>, for a body ASP.NET Core's form reader
/// refused (it says "invalid characters" without naming the field).
/// </summary>
internal static class UrlEncodedFormScanner
{
    public static async Task<InputProblem?> ScanAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.Body.CanSeek || !Handles(request))
        {
            return null;
        }

        request.Body.Position = 0;
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var text = await reader.ReadToEndAsync(cancellationToken);
        // QueryHelpers decodes without judging the text, unlike the form reader.
        foreach (var (name, values) in QueryHelpers.ParseQuery(text))
        {
            if (InputText.Problem(name) is { } nameProblem)
            {
                return new InputProblem("body", "A form field name: " + nameProblem);
            }

            foreach (var value in values)
            {
                if (InputText.Problem(value) is { } problem)
                {
                    return new InputProblem(name, problem);
                }
            }
        }

        return null;
    }

    public static bool Handles(HttpRequest request) =>
        request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
}
