namespace BakeryOps.Domain.Errors;

/// <summary>Collects field errors, to throw them together or hand them back as one result.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>One field and what is wrong with it.</summary>
    public static IReadOnlyDictionary<string, string[]> Of(string field, string message) =>
        new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] };

    /// <summary>Each field with its messages, in the order the messages were added.</summary>
    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new RequestValidationException(ToDictionary());
        }
    }
}
