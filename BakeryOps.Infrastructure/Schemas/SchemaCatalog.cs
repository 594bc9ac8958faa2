using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Lake;
using BakeryOps.Domain.Schemas;

namespace BakeryOps.Infrastructure.Schemas;

/// <summary>The schema registry as the API and the Schemas page read it: unknown datasets and versions are 404s.</summary>
public sealed class SchemaCatalog(ISchemaRegistry registry)
{
    public async Task<IReadOnlyList<SchemaDatasetView>> ListDatasetsAsync(CancellationToken cancellationToken) =>
        [.. (await registry.ListDatasetsAsync(cancellationToken)).OrderBy(d => d.Dataset, StringComparer.Ordinal).Select(SchemaDatasetView.From)];

    /// <exception cref="NotFoundException">The registry knows no such dataset.</exception>
    public async Task<SchemaDatasetVersionsView> GetDatasetAsync(string dataset, CancellationToken cancellationToken)
    {
        var summary = await SummaryAsync(dataset, cancellationToken);
        var versions = await registry.ListVersionsAsync(dataset, cancellationToken);
        return new SchemaDatasetVersionsView(SchemaDatasetView.From(summary), [.. versions.OrderBy(v => v.Version).Select(SchemaVersionView.From)]);
    }

    /// <exception cref="NotFoundException">No such dataset or version.</exception>
    public async Task<SchemaVersionInfo> GetVersionAsync(string dataset, int version, CancellationToken cancellationToken)
    {
        var found = LakeKeys.IsDatasetName(dataset) ? await registry.GetVersionAsync(dataset, version, cancellationToken) : null;
        return found ?? throw new NotFoundException($"Dataset {Shown(dataset)} has no schema version {version}.");
    }

    /// <summary>CREATE TABLE for a version, or ALTER TABLE from an earlier version when <paramref name="from"/> is given.</summary>
    public async Task<string> DdlAsync(string dataset, int version, int? from, CancellationToken cancellationToken)
    {
        var target = await GetVersionAsync(dataset, version, cancellationToken);
        if (from is not { } earlier)
        {
            return PostgresDdl.CreateTable(target.Schema);
        }

        if (earlier >= version)
        {
            throw Invalid("from", $"from must be an earlier version than {version}.");
        }

        var start = await GetVersionAsync(dataset, earlier, cancellationToken);
        return PostgresDdl.AlterTable(start.Schema, target.Schema);
    }

    public async Task<SchemaDiffView> DiffAsync(string dataset, int from, int to, CancellationToken cancellationToken)
    {
        var before = await GetVersionAsync(dataset, from, cancellationToken);
        var after = await GetVersionAsync(dataset, to, cancellationToken);
        return SchemaDiffView.Of(dataset, from, to, SchemaDiff.Compare(before.Schema, after.Schema));
    }

    /// <exception cref="NotFoundException">The registry knows no such dataset.</exception>
    public async Task<SchemaDatasetView> SetCompatibilityAsync(string dataset, CompatibilityMode mode, string actor, CancellationToken cancellationToken)
    {
        await SummaryAsync(dataset, cancellationToken);
        return SchemaDatasetView.From(await registry.SetCompatibilityAsync(dataset, mode, actor, cancellationToken));
    }

    private async Task<DatasetSummary> SummaryAsync(string dataset, CancellationToken cancellationToken)
    {
        var summary = LakeKeys.IsDatasetName(dataset)
            ? (await registry.ListDatasetsAsync(cancellationToken)).FirstOrDefault(d => d.Dataset == dataset)
            : null;
        return summary ?? throw new NotFoundException($"The schema registry has no dataset {Shown(dataset)}.");
    }

    // Only well-formed names are repeated back; anything else could be markup or a path.
    private static string Shown(string dataset) => LakeKeys.IsDatasetName(dataset) ? $"'{dataset}'" : "by that name";

    private static RequestValidationException Invalid(string field, string message) =>
        RequestValidationException.For(field, message);
}
