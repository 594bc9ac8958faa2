using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Input;

namespace BakeryOps.Infrastructure.Audit;

/// <summary>
/// Which audit rows to read; null or blank filters nothing. <see cref="From"/> is inclusive and <see cref="To"/>
/// exclusive, so consecutive days never share a row. Text filters match anywhere in the value, ignoring case.
/// </summary>
/// <param name="From">Earliest instant, inclusive.</param>
/// <param name="To">Latest instant, exclusive.</param>
/// <param name="Category">One of <see cref="AuditCategories.All"/>.</param>
/// <param name="Outcome">One of <see cref="AuditOutcomes.All"/>.</param>
/// <param name="Actor">Part of the actor's name.</param>
/// <param name="Target">Part of the target.</param>
/// <param name="Method">The method, exactly (<c>local</c>, <c>password</c>, <c>page</c>, <c>api</c> ...).</param>
/// <param name="Text">Part of the actor, target, action, detail, method or address.</param>
public sealed record AuditQuery(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Category = null,
    string? Outcome = null,
    string? Actor = null,
    string? Target = null,
    string? Method = null,
    string? Text = null)
{
    public static AuditQuery All { get; } = new();

    /// <summary>The query with blank filters as null and trimmed text, checked.</summary>
    /// <exception cref="RequestValidationException">A filter is not valid; names the field (the API's parameter name).</exception>
    public AuditQuery Normalised()
    {
        var errors = new ValidationErrors();
        var category = Blank(Category)?.ToLowerInvariant();
        if (category is not null && !AuditCategories.All.Contains(category))
        {
            errors.Add("category", $"category must be one of {string.Join(", ", AuditCategories.All)}.");
        }

        var outcome = Blank(Outcome)?.ToLowerInvariant();
        if (outcome is not null && !AuditOutcomes.All.Contains(outcome))
        {
            errors.Add("outcome", $"outcome must be one of {string.Join(", ", AuditOutcomes.All)}.");
        }

        if (From is { } from && To is { } to && from >= to)
        {
            errors.Add("from", "from must be before to.");
        }

        var actor = Checked(errors, "actor", Actor, AuditEvent.MaxActorLength);
        var target = Checked(errors, "target", Target, AuditEvent.MaxTargetLength);
        var method = Checked(errors, "method", Method, AuditEvent.MaxMethodLength);
        var text = Checked(errors, "q", Text, AuditEvent.MaxDetailLength);
        errors.ThrowIfAny();
        return new AuditQuery(From?.ToUniversalTime(), To?.ToUniversalTime(), category, outcome, actor, target, method, text);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Checked(ValidationErrors errors, string field, string? value, int maxLength)
    {
        var text = Blank(value);
        if (!InputText.Check(errors, field, text))
        {
            return null;
        }

        if (text?.Length > maxLength)
        {
            errors.Add(field, $"{field} can have at most {maxLength} characters.");
        }

        return text;
    }
}
