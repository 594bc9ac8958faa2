using System.Buffers;
using System.Text;
using System.Text.Json;
using BakeryOps.Domain.Input;

namespace BakeryOps.Portal.Input;

/// <summary>
/// Walks a JSON body's strings (property names included) and returns the first that breaks <see cref="InputText"/>,
/// named by its path as the API's field errors name it (<c>productName</c>, <c>[0].lotNumber</c>,
/// <c>GridData[0].LOTN</c>). A body that is not JSON is left to the endpoint, which answers in its own shape.
/// </summary>
internal static class JsonBodyScanner
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    public static InputProblem? Scan(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        var path = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        StartElement(path);
                        path.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var nameProblem = Problem(ref reader, out var name);
                        path[^1].Property = nameProblem is null ? name : Printable(name ?? "?");
                        if (nameProblem is not null)
                        {
                            return new InputProblem(Path(path), "The property name: " + nameProblem);
                        }

                        break;
                    case JsonTokenType.String:
                        StartElement(path);
                        if (Problem(ref reader, out _) is { } valueProblem)
                        {
                            return new InputProblem(Path(path), valueProblem);
                        }

                        break;
                    default:
                        StartElement(path);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed or too deep: the endpoint's own parsing says so, in its own shape.
        }

        return null;
    }

    private static void StartElement(List<Frame> path)
    {
        if (path.Count > 0 && path[^1].IsArray)
        {
            path[^1].Index++;
        }
    }

    /// <summary>What is wrong with the token's text, or null; <paramref name="text"/> is the text when it could be read.</summary>
    private static string? Problem(ref Utf8JsonReader reader, out string? text)
    {
        text = null;
        var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        // Plain ASCII without escapes holds no control character but DEL: JSON forbids raw ones below U+0020.
        var plain = !reader.ValueIsEscaped && raw.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0;
        if (plain && reader.TokenType != JsonTokenType.PropertyName)
        {
            return null;
        }

        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return "The text is not valid Unicode (bytes that are not UTF-8, or an unpaired surrogate escape such as \\ud800).";
        }

        return plain ? null : InputText.Problem(text);
    }

    private static string Path(List<Frame> path)
    {
        var builder = new StringBuilder();
        foreach (var frame in path)
        {
            if (frame.IsArray && frame.Index >= 0)
            {
                builder.Append('[').Append(frame.Index).Append(']');
            }
            else if (!frame.IsArray && frame.Property is { } property)
            {
                builder.Append(builder.Length == 0 ? "" : ".").Append(property);
            }
        }

        return builder.Length == 0 ? "body" : builder.ToString();
    }

    // A field name that itself holds control characters is shown with them escaped.
    private static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c);
        }

        return builder.ToString();
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;
        public int Index { get; set; } = -1;
        public string? Property { get; set; }
    }
}
