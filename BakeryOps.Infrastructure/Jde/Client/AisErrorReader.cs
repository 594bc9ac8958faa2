using System.Text.Json;

namespace BakeryOps.Infrastructure.Jde.Client;

/// <summary>
/// Reads AIS responses the way the jde-ais reference describes: success is a 2xx with no <c>jde__status: ERROR</c>;
/// the message is in <c>jde__simpleMessage</c>, <c>userDefinedErrorText</c>, or a <c>message</c> that is a string or a
/// nested object whose forms carry <c>errors[].TITLE/DESC</c>.
/// </summary>
public static class AisErrorReader
{
    private const int MaxMessages = 10;

    /// <summary>Null when the body is a success; otherwise the failure it describes.</summary>
    public static JdeException? FindError(int statusCode, string? contentType, string body)
    {
        var isJson = contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true || body.TrimStart().StartsWith('{');
        JsonDocument? document = null;
        if (isJson)
        {
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                isJson = false;
            }
        }

        using (document)
        {
            if (document is null || !isJson)
            {
                var success = statusCode is >= 200 and < 300;
                var transientHtml = statusCode >= 500 || statusCode == 0;
                return new JdeException(
                    $"JD Edwards answered HTTP {statusCode} without a JSON body{(success ? "" : " (a server or proxy error page)")}.",
                    statusCode, transient: transientHtml && statusCode != 501);
            }

            return FindError(statusCode, document.RootElement);
        }
    }

    /// <summary>Null when a parsed JSON answer is a success; otherwise the failure it describes.</summary>
    public static JdeException? FindError(int statusCode, JsonElement root)
    {
        var jdeStatus = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("jde__status", out var s) && s.ValueKind == JsonValueKind.String
            ? s.GetString()
            : null;
        if (statusCode is >= 200 and < 300 && !string.Equals(jdeStatus, "ERROR", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var messages = root.ValueKind == JsonValueKind.Object ? Messages(root).Distinct(StringComparer.Ordinal).Take(MaxMessages).ToList() : [];
        var exceptionId = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("exceptionId", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
        var text = messages.Count > 0 ? string.Join(" | ", messages) : $"JD Edwards answered HTTP {statusCode}.";
        return new JdeException(text, statusCode, exceptionId, transient: statusCode is 502 or 503 or 504);
    }

    private static IEnumerable<string> Messages(JsonElement root)
    {
        foreach (var name in new[] { "jde__simpleMessage", "userDefinedErrorText", "errorText" })
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
            {
                yield return value.GetString()!.Trim();
            }
        }

        if (root.TryGetProperty("message", out var message))
        {
            foreach (var text in Walk(message, depth: 0))
            {
                yield return text;
            }
        }
    }

    // Nested form errors: { "ServiceRequest: X": { "JAS Response": { "fs_P4114_W4114A": { "errors": [ {TITLE, DESC} ] } } } }
    private static IEnumerable<string> Walk(JsonElement element, int depth)
    {
        if (depth > 8)
        {
            yield break;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.String when !string.IsNullOrWhiteSpace(element.GetString()):
                yield return element.GetString()!.Trim();
                break;
            case JsonValueKind.Object:
                if (element.TryGetProperty("TITLE", out var title) && title.ValueKind == JsonValueKind.String)
                {
                    var desc = element.TryGetProperty("DESC", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                    yield return string.IsNullOrWhiteSpace(desc) ? title.GetString()!.Trim() : $"{title.GetString()!.Trim()}: {Squash(desc)}";
                    yield break;
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        foreach (var text in Walk(property.Value, depth + 1))
                        {
                            yield return text;
                        }
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var text in Walk(item, depth + 1))
                    {
                        yield return text;
                    }
                }

                break;
        }
    }

    // JDE descriptions are padded with dot leaders and line breaks ("CAUSE . . . .  The Business Unit ...").
    private static string Squash(string? text) =>
        string.Join(' ', (text ?? "").Replace(". . .", " ", StringComparison.Ordinal).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Replace(" .", "", StringComparison.Ordinal).Trim();
}
