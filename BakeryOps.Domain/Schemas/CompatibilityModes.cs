namespace BakeryOps.Domain.Schemas;

/// <summary>Compatibility modes spelled as Confluent Schema Registry spells them (BACKWARD_TRANSITIVE, ...).</summary>
public static class CompatibilityModes
{
    private static readonly Dictionary<string, CompatibilityMode> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["BACKWARD"] = CompatibilityMode.Backward,
        ["BACKWARD_TRANSITIVE"] = CompatibilityMode.BackwardTransitive,
        ["FORWARD"] = CompatibilityMode.Forward,
        ["FORWARD_TRANSITIVE"] = CompatibilityMode.ForwardTransitive,
        ["FULL"] = CompatibilityMode.Full,
        ["FULL_TRANSITIVE"] = CompatibilityMode.FullTransitive,
        ["NONE"] = CompatibilityMode.None,
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static string Name(CompatibilityMode mode) => mode switch
    {
        CompatibilityMode.Backward => "BACKWARD",
        CompatibilityMode.BackwardTransitive => "BACKWARD_TRANSITIVE",
        CompatibilityMode.Forward => "FORWARD",
        CompatibilityMode.ForwardTransitive => "FORWARD_TRANSITIVE",
        CompatibilityMode.Full => "FULL",
        CompatibilityMode.FullTransitive => "FULL_TRANSITIVE",
        CompatibilityMode.None => "NONE",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    public static bool TryParse(string? name, out CompatibilityMode mode) =>
        ByName.TryGetValue(name?.Trim() ?? "", out mode);
}
