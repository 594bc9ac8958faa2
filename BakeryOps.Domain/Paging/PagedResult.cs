namespace BakeryOps.Domain.Paging;

/// <summary>One page of a list and the number of items in the whole list (the API's <c>X-Total-Count</c>).</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount)
{
    public static PagedResult<T> Empty { get; } = new([], 0);
}
