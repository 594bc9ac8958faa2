using BakeryOps.Domain.Input;

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
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(separator < 0 ? pair : pair[..separator]);
            var value = separator < 0 ? "" : Decode(pair[(separator + 1)..]);
            if (InputText.Problem(name) is { } nameProblem)
            {
                return new InputProblem("body", "A form field name: " + nameProblem);
            }

            if (InputText.Problem(value) is { } problem)
            {
                return new InputProblem(name, problem);
            }
        }

        return null;
    }

    public static bool Handles(HttpRequest request) =>
        request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;

    private static string Decode(string encoded) => Uri.UnescapeDataString(encoded.Replace('+', ' '));
}
