using BakeryOps.Domain.Analytics;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// Runs pivots: checks a spec against its dataset's whitelist, translates it to one grouped, parameterised SQL query
/// on the configured provider, and folds the groups into headers, cells, subtotals and totals.
/// </summary>
public sealed class PivotService
{
    /// <summary>Every dataset with its fields, types and allowed aggregates.</summary>
    public IReadOnlyList<PivotDatasetInfo> Datasets => throw new NotImplementedException("The pivot engine lands in the next commit.");

    /// <summary>The pivot of <paramref name="spec"/>; a <c>RequestValidationException</c> names the field at fault.</summary>
    public Task<PivotResult> RunAsync(PivotSpec spec, CancellationToken cancellationToken) =>
        throw new NotImplementedException("The pivot engine lands in the next commit.");

    /// <summary>One page of the dataset's rows behind a cell: the spec's filters and the cell's keys.</summary>
    public Task<PivotDrillThrough> DrillThroughAsync(PivotSpec spec, IReadOnlyList<PivotCellKey> keys, int offset, int size, CancellationToken cancellationToken) =>
        throw new NotImplementedException("The pivot engine lands in the next commit.");
}
