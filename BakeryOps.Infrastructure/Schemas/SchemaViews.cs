using BakeryOps.Domain.Schemas;

namespace BakeryOps.Infrastructure.Schemas;

/// <summary>A dataset in the schema registry as <c>GET /s3/schemas</c> lists it; <see cref="Compatibility"/> in Confluent spelling.</summary>
public sealed record SchemaDatasetView(
    string Dataset,
    int? CurrentVersion,
    string Compatibility,
    string? ActionRequired,
    DateTimeOffset? ActionRequiredAt,
    DateTimeOffset? UpdatedAt)
{
    public static SchemaDatasetView From(DatasetSummary summary) => new(
        summary.Dataset, summary.CurrentVersion, CompatibilityModes.Name(summary.Compatibility), summary.ActionRequired,
        summary.ActionRequiredAt, summary.UpdatedAt);
}

public sealed record SchemaVersionView(int Version, string Fingerprint, int Fields, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static SchemaVersionView From(SchemaVersionInfo info) =>
        new(info.Version, info.Fingerprint, info.Schema.Fields.Count, info.CreatedBy, info.CreatedAt);
}

/// <summary><c>GET /s3/schemas/{dataset}</c>: the dataset's settings and its versions, oldest first.</summary>
public sealed record SchemaDatasetVersionsView(SchemaDatasetView Dataset, IReadOnlyList<SchemaVersionView> Versions);

/// <summary>A column as the diff shows it: <see cref="Type"/> reads like <c>decimal(18,4)</c> or <c>string(40)</c>.</summary>
public sealed record SchemaFieldView(string Name, string Type, bool Nullable, IReadOnlyList<SchemaFieldView>? Fields)
{
    public static SchemaFieldView From(SchemaField field) =>
        new(field.Name, TypeOf(field), field.Nullable, field.Fields is { } nested ? [.. nested.Select(From)] : null);

    public static string TypeOf(SchemaField field) => field.Type switch
    {
        SchemaFieldType.Decimal => $"decimal({field.Precision},{field.Scale})",
        SchemaFieldType.String when field.MaxLength is { } length => $"string({length})",
        SchemaFieldType.Array when field.Items is { } items => $"array<{TypeOf(items)}>",
        var type => type.ToString().ToLowerInvariant(),
    };
}

public sealed record SchemaFieldChangeView(string Name, SchemaFieldView Before, SchemaFieldView After);

/// <summary><c>GET /s3/schemas/{dataset}/diff</c>: what changed from one version to another.</summary>
public sealed record SchemaDiffView(
    string Dataset, int From, int To, IReadOnlyList<SchemaFieldView> Added, IReadOnlyList<SchemaFieldView> Removed,
    IReadOnlyList<SchemaFieldChangeView> Changed)
{
    public static SchemaDiffView Of(string dataset, int from, int to, SchemaDifference difference) => new(
        dataset, from, to, [.. difference.Added.Select(SchemaFieldView.From)], [.. difference.Removed.Select(SchemaFieldView.From)],
        [.. difference.Changed.Select(c => new SchemaFieldChangeView(c.Name, SchemaFieldView.From(c.Before), SchemaFieldView.From(c.After)))]);
}

/// <summary>The body of <c>PUT /s3/schemas/{dataset}/compatibility</c>; Confluent's <c>compatibility</c> member is accepted too.</summary>
public sealed record CompatibilityInput(string? Mode, string? Compatibility);
