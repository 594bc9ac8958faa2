namespace BakeryOps.Domain.Errors;

/// <summary>The request is invalid; each entry names a field and what is wrong with it (400).</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>One field and what is wrong with it; several go through <see cref="ValidationErrors"/>.</summary>
    public static RequestValidationException For(string field, string message) => new(ValidationErrors.Of(field, message));
}
