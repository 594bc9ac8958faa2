using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using BakeryOps.Domain.Errors;

namespace BakeryOps.Portal.Api;

/// <summary>Reads a JSON request body into bytes (for the idempotency hash) and typed values, naming the bad field on failure.</summary>
internal static class JsonBody
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType() && !IsMergePatch(request))
        {
            throw Invalid("body", "Send the body as JSON (Content-Type: application/json).");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    public static JsonNode Parse(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip })
                ?? throw Invalid("body", "The body is empty.");
        }
        catch (JsonException ex)
        {
            throw Invalid("body", $"The body is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}).");
        }
    }

    public static T Deserialize<T>(JsonNode node, string prefix = "")
    {
        try
        {
            return node.Deserialize<T>(Options) ?? throw Invalid(prefix.TrimEnd('.'), "A value is required.");
        }
        catch (JsonException ex)
        {
            var field = prefix + (ex.Path ?? "$").TrimStart('$').TrimStart('.');
            throw Invalid(field.Length == 0 ? "body" : field, "The value has the wrong type or format (numbers as numbers, dates as ISO 8601).");
        }
    }

    public static RequestValidationException Invalid(string field, string message) =>
        RequestValidationException.For(field, message);

    private static bool IsMergePatch(HttpRequest request) =>
        request.ContentType?.StartsWith("application/merge-patch+json", StringComparison.OrdinalIgnoreCase) == true;
}
