using System.Text;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Lake;
using BakeryOps.Domain.Schemas;
using BakeryOps.Infrastructure.Lake;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace BakeryOps.Infrastructure.Schemas;

/// <summary>
/// The schema registry over <c>schema_versions</c> and <c>dataset_settings</c>, with a JSON copy of each version in
/// the lake at <see cref="LakeKeys.SchemaFile"/> (byte for byte the stored canonical JSON). A singleton: every call opens its own context, so concurrent flows never share one.
/// </summary>
/// <remarks>
/// A flow whose inferred schema fits within the current version (no new field, no wider type, no null where the
/// version requires a value, no longer string) is accepted under that version without registering a narrower one:
/// otherwise every batch that happens to have shorter strings or no nulls would add a version, and the next batch with
/// a null would be refused as nullable → required.
/// </remarks>
public sealed partial class SchemaRegistry(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    ILakeStore store,
    IOptions<LakeOptions> options,
    TimeProvider clock,
    ILogger<SchemaRegistry> logger) : ISchemaRegistry
{
    /// <summary>Each lost race means another registration won, so this many attempts outlast that many concurrent writers.</summary>
    private const int MaxAttempts = 64;

    private const int ActionRequiredMaxLength = 4000;
    private const int DescriptionMaxLength = 1000;

    public async Task<SchemaRegistration> RegisterAsync(DatasetSchema schema, string actor, CancellationToken cancellationToken) =>
        (await RegisterAsync(schema, actor, widen: false, cancellationToken)).Registration;

    public Task<(SchemaRegistration Registration, DatasetSchema? Schema)> RegisterInferredAsync(
        DatasetSchema schema, string actor, CancellationToken cancellationToken) =>
        RegisterAsync(schema, actor, widen: true, cancellationToken);

    private Task<(SchemaRegistration Registration, DatasetSchema? Schema)> RegisterAsync(
        DatasetSchema flow, string actor, bool widen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        CheckDataset(flow.Dataset);
        return RetryLostRacesAsync<(SchemaRegistration Registration, DatasetSchema? Schema)>(flow.Dataset, async ct =>
        {
            var schema = flow;
            await using var db = await contexts.CreateDbContextAsync(ct);
            var versions = await db.SchemaVersions.AsNoTracking()
                .Where(v => v.Dataset == schema.Dataset)
                .OrderBy(v => v.Version)
                .ToListAsync(ct);
            var settings = await db.DatasetSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Dataset == schema.Dataset, ct);
            var history = versions.Select(v => SchemaJson.Deserialize(v.SchemaJson)).ToList();
            // An inferred batch is widened to cover the latest version: narrower in one field and wider in another is
            // one compatible change, and its data is written with the registered types.
            schema = widen && history.Count > 0 ? SchemaMerge.Widen(history[^1], flow) : flow;
            var json = SchemaJson.Serialize(schema);
            var fingerprint = SchemaJson.Fingerprint(schema);
            if (versions.Count > 0 && (versions[^1].Fingerprint == fingerprint || SchemaCompatibility.FitsWithin(schema, history[^1])))
            {
                var current = versions[^1];
                await EnsureCopyAsync(current, ct);
                await ClearActionRequiredAsync(settings, ct);
                return (new SchemaRegistration(Accepted: true, current.Version, Created: false, []), history[^1]);
            }

            var mode = settings?.Compatibility ?? CompatibilityMode.Backward;
            var reasons = SchemaCompatibility.Check(mode, schema, history);
            if (reasons.Count > 0)
            {
                await RecordActionRequiredAsync(schema.Dataset, mode, reasons, ct);
                LogRefused(schema.Dataset, mode, string.Join(" ", reasons));
                return (new SchemaRegistration(Accepted: false, null, Created: false, reasons), null);
            }

            var version = new SchemaVersion
            {
                Dataset = schema.Dataset,
                Version = versions.Count == 0 ? 1 : versions[^1].Version + 1,
                Fingerprint = fingerprint,
                SchemaJson = json,
                Description = versions.Count == 0 ? "First version." : Describe(SchemaDiff.Compare(history[^1], schema)),
                CreatedBy = actor,
                CreatedAt = clock.GetUtcNow(),
            };
            db.SchemaVersions.Add(version);
            // Another node may take this version number first: the retry re-reads, and accepts its version if it
            // registered the same schema.
            await db.SaveChangesAsync(ct);

            await WriteCopyAsync(version, ct);
            await ClearActionRequiredAsync(settings, ct);
            LogRegistered(schema.Dataset, version.Version, fingerprint, mode);
            return (new SchemaRegistration(Accepted: true, version.Version, Created: true, []), schema);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<DatasetSummary>> ListDatasetsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var versions = await db.SchemaVersions.AsNoTracking()
            .Select(v => new { v.Dataset, v.Version, v.CreatedAt })
            .ToListAsync(cancellationToken);
        var settings = await db.DatasetSettings.AsNoTracking().ToDictionaryAsync(s => s.Dataset, StringComparer.Ordinal, cancellationToken);
        var latest = versions
            .GroupBy(v => v.Dataset, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(v => v.Version)!, StringComparer.Ordinal);
        return latest.Keys.Union(settings.Keys)
            .Order(StringComparer.Ordinal)
            .Select(dataset => Summary(
                dataset,
                latest.TryGetValue(dataset, out var current) ? current.Version : null,
                current?.CreatedAt,
                settings.GetValueOrDefault(dataset)))
            .ToList();
    }

    public async Task<IReadOnlyList<SchemaVersionInfo>> ListVersionsAsync(string dataset, CancellationToken cancellationToken)
    {
        CheckDataset(dataset);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var versions = await db.SchemaVersions.AsNoTracking()
            .Where(v => v.Dataset == dataset)
            .OrderBy(v => v.Version)
            .ToListAsync(cancellationToken);
        return versions.Select(Info).ToList();
    }

    public async Task<SchemaVersionInfo?> GetVersionAsync(string dataset, int version, CancellationToken cancellationToken)
    {
        CheckDataset(dataset);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.SchemaVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.Dataset == dataset && v.Version == version, cancellationToken);
        return found is null ? null : Info(found);
    }

    public async Task<DatasetSummary> SetCompatibilityAsync(string dataset, CompatibilityMode mode, string actor, CancellationToken cancellationToken)
    {
        CheckDataset(dataset);
        if (!Enum.IsDefined(mode))
        {
            throw Invalid("compatibility", $"'{mode}' is not a compatibility mode.");
        }

        var now = clock.GetUtcNow();
        var settings = await UpsertSettingsAsync(dataset, s =>
        {
            s.Compatibility = mode;
            s.ActionRequired = null;
            s.ActionRequiredAt = null;
            s.UpdatedBy = actor;
            s.UpdatedAt = now;
        }, cancellationToken);
        LogCompatibilityChanged(dataset, mode, actor);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var current = await db.SchemaVersions.AsNoTracking()
            .Where(v => v.Dataset == dataset)
            .OrderByDescending(v => v.Version)
            .Select(v => new { v.Version, v.CreatedAt })
            .FirstOrDefaultAsync(cancellationToken);
        return Summary(dataset, current?.Version, current?.CreatedAt, settings);
    }

    private static DatasetSummary Summary(string dataset, int? version, DateTimeOffset? versionCreatedAt, DatasetSettings? settings) =>
        new(dataset, version, settings?.Compatibility ?? CompatibilityMode.Backward, settings?.ActionRequired, settings?.ActionRequiredAt,
            settings?.UpdatedAt ?? versionCreatedAt);

    private static SchemaVersionInfo Info(SchemaVersion version) =>
        new(version.Dataset, version.Version, version.Fingerprint, SchemaJson.Deserialize(version.SchemaJson), version.SchemaJson,
            version.CreatedBy, version.CreatedAt);

    private string CopyKey(SchemaVersion version) => LakeKeys.SchemaFile(options.Value.Prefix, version.Dataset, version.Version);

    /// <summary>Writes a copy that is missing, such as when the lake failed right after the version was inserted.</summary>
    private async Task EnsureCopyAsync(SchemaVersion version, CancellationToken cancellationToken)
    {
        if (await store.GetInfoAsync(CopyKey(version), cancellationToken) is null)
        {
            await WriteCopyAsync(version, cancellationToken);
        }
    }

    private async Task WriteCopyAsync(SchemaVersion version, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(version.SchemaJson);
        await using var upload = await store.BeginUploadAsync(CopyKey(version), cancellationToken);
        await upload.Content.WriteAsync(bytes, cancellationToken);
        await upload.CompleteAsync(cancellationToken);
    }

    private async Task ClearActionRequiredAsync(DatasetSettings? settings, CancellationToken cancellationToken)
    {
        if (settings?.ActionRequired is null)
        {
            return;
        }

        await UpsertSettingsAsync(settings.Dataset, s =>
        {
            s.ActionRequired = null;
            s.ActionRequiredAt = null;
        }, cancellationToken);
        LogActionRequiredCleared(settings.Dataset);
    }

    private Task RecordActionRequiredAsync(string dataset, CompatibilityMode mode, IReadOnlyList<string> reasons, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var text = $"The schema is incompatible ({mode}):\n{string.Join("\n", reasons)}";
        return UpsertSettingsAsync(dataset, s =>
        {
            s.ActionRequired = text.Length <= ActionRequiredMaxLength ? text : text[..(ActionRequiredMaxLength - 1)] + "…";
            s.ActionRequiredAt = now;
        }, cancellationToken);
    }

    /// <summary>Updates the dataset's settings row, creating it (with the default mode) when there is none yet.</summary>
    /// <remarks>Another call may create the row meanwhile: the retry then updates it.</remarks>
    private Task<DatasetSettings> UpsertSettingsAsync(string dataset, Action<DatasetSettings> change, CancellationToken cancellationToken) =>
        RetryLostRacesAsync(dataset, async ct =>
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var settings = await db.DatasetSettings.FirstOrDefaultAsync(s => s.Dataset == dataset, ct);
            if (settings is null)
            {
                settings = new DatasetSettings { Dataset = dataset, UpdatedAt = clock.GetUtcNow() };
                db.DatasetSettings.Add(settings);
            }

            change(settings);
            await db.SaveChangesAsync(ct);
            return settings;
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> again, at once, when it lost a race on a unique key (a version number, a dataset's
    /// settings row): another registration won, so reading again and deciding again converges.
    /// </summary>
    private Task<T> RetryLostRacesAsync<T>(string dataset, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        LostRaces.ExecuteAsync(dataset, work, cancellationToken);

    private ResiliencePipeline LostRaces => field ??= new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = MaxAttempts - 1,
            Delay = TimeSpan.Zero,
            ShouldHandle = new PredicateBuilder().Handle<DbUpdateException>(UniqueViolation.Is),
            OnRetry = args =>
            {
                LogRaceLost(args.Context.OperationKey ?? "", args.AttemptNumber + 1);
                return default;
            },
        })
        .Build();

    private static string Describe(SchemaDifference difference)
    {
        var parts = new List<string>();
        if (difference.Added.Count > 0)
        {
            parts.Add("added " + string.Join(", ", difference.Added.Select(f => f.Name)));
        }

        if (difference.Changed.Count > 0)
        {
            parts.Add("changed " + string.Join(", ", difference.Changed.Select(c => c.Name)));
        }

        if (difference.Removed.Count > 0)
        {
            parts.Add("removed " + string.Join(", ", difference.Removed.Select(f => f.Name)));
        }

        var text = parts.Count == 0 ? "Same fields, different form." : string.Join("; ", parts) + ".";
        return text.Length <= DescriptionMaxLength ? text : text[..(DescriptionMaxLength - 1)] + "…";
    }

    private static void CheckDataset(string dataset)
    {
        if (!LakeKeys.IsDatasetName(dataset))
        {
            throw Invalid("dataset", "A dataset name is lower-case letters, digits and '_', starting with a letter (at most 100 characters).");
        }
    }

    private static RequestValidationException Invalid(string field, string message) =>
        RequestValidationException.For(field, message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema {Dataset} version {Version} registered ({Fingerprint}, {Compatibility})")]
    private partial void LogRegistered(string dataset, int version, string fingerprint, CompatibilityMode compatibility);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schema of {Dataset} refused under {Compatibility}; action required: {Reasons}")]
    private partial void LogRefused(string dataset, CompatibilityMode compatibility, string reasons);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Schema {Dataset} was changed by another caller first (attempt {Attempt}); re-reading")]
    private partial void LogRaceLost(string dataset, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema {Dataset} accepted again; its action-required state is cleared")]
    private partial void LogActionRequiredCleared(string dataset);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compatibility of {Dataset} set to {Compatibility} by {Actor}")]
    private partial void LogCompatibilityChanged(string dataset, CompatibilityMode compatibility, string actor);
}
