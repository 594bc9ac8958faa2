namespace BakeryOps.Domain.Schemas;

/// <summary>A dataset's schema policy and, when a write was refused, the reason that needs someone's action.</summary>
public sealed class DatasetSettings
{
    public required string Dataset { get; init; }

    public CompatibilityMode Compatibility { get; set; } = CompatibilityMode.Backward;

    /// <summary>Why the last write was refused (an incompatible schema); null when the flow runs.</summary>
    public string? ActionRequired { get; set; }

    public DateTimeOffset? ActionRequiredAt { get; set; }

    public string? UpdatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
