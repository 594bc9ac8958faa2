using System.Globalization;
using BakeryOps.Domain.Errors;

namespace BakeryOps.Domain.Input;

/// <summary>
/// The rule every caller's text passes, free text included: no NUL or other control characters except tab, carriage
/// return and line feed, and valid UTF-16. PostgreSQL refuses NUL in text while SQLite stores it, so text that passes
/// behaves the same on both; the other control characters would reach logs, files and JD Edwards unseen.
/// </summary>
public static class InputText
{
    /// <summary>What is wrong with <paramref name="value"/> in words, or null when it may be used.</summary>
    public static string? Problem(string? value) => Problem(value.AsSpan());

    /// <summary>Adds what is wrong with <paramref name="value"/> to <paramref name="errors"/> under <paramref name="field"/>; false when something is.</summary>
    public static bool Check(ValidationErrors errors, string field, string? value)
    {
        if (Problem(value) is not { } problem)
        {
            return true;
        }

        errors.Add(field, problem);
        return false;
    }

    /// <summary>Refuses <paramref name="value"/> as a request error naming <paramref name="field"/> when it breaks the rule.</summary>
    public static void Require(string field, string? value)
    {
        if (Problem(value) is { } problem)
        {
            throw RequestValidationException.For(field, problem);
        }
    }

    public static string? Problem(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"The text holds a broken character (an unpaired UTF-16 surrogate) at position {i + 1}; send valid Unicode.";
            }
            else if (char.IsControl(c) && c is not ('\t' or '\r' or '\n'))
            {
                return $"The text holds the control character {Describe(c)} at position {i + 1}; only tabs and line breaks are allowed.";
            }
        }

        return null;
    }

    /// <summary>A character as a message shows it: visible ones quoted, the others by code point.</summary>
    public static string Describe(char c) => c switch
    {
        ' ' => "a space",
        '\t' => "a tab",
        '\r' or '\n' => "a line break",
        _ when char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) || IsInvisible(c) => $"U+{(int)c:X4}",
        _ => $"'{c}'",
    };

    /// <summary>Zero-width and direction marks: they print as nothing, so two codes that look the same would differ.</summary>
    public static bool IsInvisible(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse;
}
