using BakeryOps.Domain.Paging;

namespace BakeryOps.Portal.Data;

/// <summary>
/// The <c>/data</c> response convention: a page of flat rows as a JSON array or as CSV, the whole list's count in
/// <c>X-Total-Count</c>, paged by <c>offset</c> and <c>size</c>. An endpoint binds <see cref="DataPageQuery"/> with
/// <c>[AsParameters]</c>, reads its own filters, and hands a paged query to <see cref="PageAsync{TRow}"/>.
/// </summary>
public static class DataResults
{
    public const int DefaultSize = 100;
    public const int MaxSize = 1000;
    public const string TotalCountHeader = "X-Total-Count";

    /// <summary>
    /// Checks <paramref name="query"/> first (a bad offset, size or format is a 400 before anything is read), then
    /// reads the page and returns it in the format asked for.
    /// </summary>
    /// <param name="query">The caller's offset, size and format, unchecked.</param>
    /// <param name="fileName">The CSV download's name without extension, such as <c>df_bakery_ops_expanded-default_facility</c>.</param>
    /// <param name="read">Reads one page in a fixed order and counts the whole list, with the endpoint's filters applied.</param>
    /// <param name="cancellationToken">The request's.</param>
    public static async Task<DataPage<TRow>> PageAsync<TRow>(
        DataPageQuery query, string fileName, Func<PageRequest, CancellationToken, Task<PagedResult<TRow>>> read, CancellationToken cancellationToken)
    {
        var (page, format) = query.Parse();
        return new DataPage<TRow>(await read(page, cancellationToken), format, fileName);
    }
}
