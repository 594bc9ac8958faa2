using BakeryOps.Domain.Schemas;

namespace BakeryOps.Infrastructure.Schemas;

/// <summary>
/// The schema registry: versions per dataset in <c>schema_versions</c> (with JSON copies under
/// <c>{prefix}/schemas/{dataset}/</c> in the lake) and each dataset's compatibility mode in <c>dataset_settings</c>.
/// </summary>
public interface ISchemaRegistry
{
    /// <summary>
    /// Checks a flow's schema before its data is written. An unchanged schema (same fingerprint as the current
    /// version) is accepted without a new version; a changed, compatible one becomes the next version; an
    /// incompatible one is refused and recorded against the dataset as action required.
    /// </summary>
    Task<SchemaRegistration> RegisterAsync(DatasetSchema schema, string actor, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="RegisterAsync"/> for a schema inferred from one batch: it is first widened to cover the latest
    /// version (<see cref="SchemaMerge.Widen"/>), so a batch narrower in one field and wider in another is one
    /// compatible change. Returns the registered schema, which the batch must be written with (null when refused).
    /// </summary>
    Task<(SchemaRegistration Registration, DatasetSchema? Schema)> RegisterInferredAsync(DatasetSchema schema, string actor, CancellationToken cancellationToken);

    Task<IReadOnlyList<DatasetSummary>> ListDatasetsAsync(CancellationToken cancellationToken);

    /// <summary>All versions of a dataset, oldest first; empty when the dataset has none.</summary>
    Task<IReadOnlyList<SchemaVersionInfo>> ListVersionsAsync(string dataset, CancellationToken cancellationToken);

    Task<SchemaVersionInfo?> GetVersionAsync(string dataset, int version, CancellationToken cancellationToken);

    /// <summary>Sets a dataset's compatibility mode (Admins); clears a recorded action-required state.</summary>
    Task<DatasetSummary> SetCompatibilityAsync(string dataset, CompatibilityMode mode, string actor, CancellationToken cancellationToken);
}

/// <summary>The registry's answer for one flow.</summary>
/// <param name="Accepted">False when the schema is incompatible: nothing may be written.</param>
/// <param name="Version">The version the data is written under (null when refused).</param>
/// <param name="Created">True when this call registered a new version.</param>
/// <param name="Incompatibilities">Why it was refused, one reason per line.</param>
public sealed record SchemaRegistration(bool Accepted, int? Version, bool Created, IReadOnlyList<string> Incompatibilities);

public sealed record DatasetSummary(
    string Dataset,
    int? CurrentVersion,
    CompatibilityMode Compatibility,
    string? ActionRequired,
    DateTimeOffset? ActionRequiredAt,
    DateTimeOffset? UpdatedAt);

public sealed record SchemaVersionInfo(
    string Dataset,
    int Version,
    string Fingerprint,
    DatasetSchema Schema,
    string SchemaJson,
    string CreatedBy,
    DateTimeOffset CreatedAt);
