namespace BakeryOps.Infrastructure.Lake.Writing;

/// <summary>
/// Writes flows to the lake as Parquet under
/// <c>{prefix}/{dataset}/year=YYYY/month=MM/day=DD/{dataset}_{yyyyMMdd_HHmmss}_{unique}.parquet</c>, after the schema
/// registry accepted the flow's schema; each run also writes a manifest under <c>{prefix}/_manifests/</c> and a
/// <c>dispatch_logs</c> row per file. A failed write leaves no partial object visible.
/// </summary>
public interface ILakeWriter
{
    /// <summary>
    /// Writes one dataset's records (name/value maps, see <see cref="Domain.Schemas.SchemaInference"/>) as one run;
    /// the schema is inferred from all of them.
    /// </summary>
    /// <exception cref="LakeSchemaRefusedException">The registry refused the schema; nothing was written.</exception>
    Task<LakeWriteResult> WriteRecordsAsync(
        string dataset, IReadOnlyList<IReadOnlyDictionary<string, object?>> records, LakeRun run, CancellationToken cancellationToken);

    /// <summary>
    /// Streams a flow of any size as one run with the table's declared column types: row groups are written as they
    /// fill, so memory stays bounded by <see cref="LakeWriterOptions.RowGroupSize"/>. Rows cannot be replayed, so a
    /// failure while streaming is not retried: nothing of the run remains and the exception surfaces. A flow without
    /// rows writes no data file, only its manifest.
    /// </summary>
    /// <exception cref="LakeSchemaRefusedException">The registry refused the table's schema; nothing was written.</exception>
    /// <exception cref="LakeValueException">A row's value does not fit its column; nothing was written.</exception>
    Task<LakeWriteResult> WriteAsync<T>(LakeTable<T> table, IAsyncEnumerable<T> rows, LakeRun run, CancellationToken cancellationToken);

    /// <summary>
    /// Writes rows already in memory as one run with the table's declared column types. Unlike a stream they can be
    /// read again, so a transient store failure while writing them is retried like any other store operation.
    /// </summary>
    /// <exception cref="LakeSchemaRefusedException">The registry refused the table's schema; nothing was written.</exception>
    /// <exception cref="LakeValueException">A row's value does not fit its column; nothing was written.</exception>
    Task<LakeWriteResult> WriteAsync<T>(LakeTable<T> table, IReadOnlyList<T> rows, LakeRun run, CancellationToken cancellationToken);
}

/// <summary>Who or what writes, and which source range the rows cover (for the manifest).</summary>
/// <param name="RunId">The run's id, recorded on its dispatch_logs rows and in its manifest.</param>
/// <param name="Actor">Who or what writes.</param>
/// <param name="SourceRange">What the rows cover, for the manifest.</param>
/// <param name="InCommit">
/// Work that must commit together with the run's dispatch_logs rows, such as removing the records it wrote from an
/// outbox: in the same database transaction, so a run is never recorded without it or the other way round. It is
/// given the key of the manifest being committed.
/// </param>
public sealed record LakeRun(
    Guid RunId,
    string Actor,
    string? SourceRange = null,
    Func<BakeryOps.Infrastructure.Persistence.BakeryOpsDbContext, string, CancellationToken, Task>? InCommit = null);

/// <summary>The commit of a run failed in a way that leaves its outcome unknown; its files are kept, not deleted.</summary>
public sealed class LakeCommitUnknownException(string message, Exception innerException) : Exception(message, innerException);

public sealed record LakeWriteResult(
    string Dataset, int SchemaVersion, string ManifestKey, IReadOnlyList<LakeFileWritten> Files)
{
    public long Rows => Files.Sum(f => f.Rows);
}

public sealed record LakeFileWritten(string Key, long Rows, long Size, string Sha256);

/// <summary>The flow's schema is incompatible with the dataset's history; the reasons are recorded as action required.</summary>
public sealed class LakeSchemaRefusedException(string dataset, IReadOnlyList<string> reasons)
    : Exception($"The schema of {dataset} was refused: {string.Join("; ", reasons)}")
{
    public string Dataset { get; } = dataset;
    public IReadOnlyList<string> Reasons { get; } = reasons;
}
