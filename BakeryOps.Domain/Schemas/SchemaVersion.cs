namespace BakeryOps.Domain.Schemas;

/// <summary>One registered version of a dataset's schema. A version is added only when the fingerprint changes.</summary>
public sealed class SchemaVersion
{
    public long Id { get; init; }
    public required string Dataset { get; init; }
    public int Version { get; init; }

    /// <summary>Hash of the canonical schema JSON, so an unchanged schema adds no version.</summary>
    public required string Fingerprint { get; init; }

    public required string SchemaJson { get; init; }
    public string? Description { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
