using BakeryOps.Domain.Errors;

namespace BakeryOps.Domain.Input;

/// <summary>
/// Codes are identifiers that travel to JD Edwards or into keys (lot, batch and vessel codes, item numbers, business
/// units): trimmed, printable, without whitespace inside and no longer than the column they end in, so a value that
/// is accepted here is never cut or refused later.
/// </summary>
public static class CodeText
{
    /// <summary>
    /// The trimmed code, null when blank; a problem is added to <paramref name="errors"/> under
    /// <paramref name="field"/>. <paramref name="column"/> names where the length comes from, for the message.
    /// <paramref name="allowSpaces"/> lets single spaces stand inside, as JD Edwards item numbers may have them.
    /// </summary>
    public static string? Normalise(
        string? value, int maxLength, string column, string field, ValidationErrors errors, bool allowSpaces = false)
    {
        var code = value?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        if (Problem(code, maxLength, column, allowSpaces) is { } problem)
        {
            errors.Add(field, problem);
            return null;
        }

        return code;
    }

    /// <summary>What is wrong with a trimmed code in words, or null when it may be used.</summary>
    public static string? Problem(string code, int maxLength, string column, bool allowSpaces = false)
    {
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            var space = c == ' ' && allowSpaces && i > 0 && code[i - 1] != ' ';
            if (!space && (char.IsWhiteSpace(c) || char.IsControl(c) || char.IsSurrogate(c) || InputText.IsInvisible(c)))
            {
                return allowSpaces
                    ? $"A code holds letters, digits, punctuation and single spaces only, without tabs or line breaks; this one has {InputText.Describe(c)} at position {i + 1}."
                    : $"A code holds letters, digits and punctuation only, without spaces, tabs or line breaks; this one has {InputText.Describe(c)} at position {i + 1}.";
            }
        }

        return code.Length > maxLength
            ? $"At most {maxLength} characters (JD Edwards {column} holds {maxLength}); this one has {code.Length}."
            : null;
    }
}
