namespace BakeryOps.Domain.Paging;

/// <summary>Which rows of an ordered list to read: skip <see cref="Offset"/>, take at most <see cref="Size"/>.</summary>
public readonly record struct PageRequest(int Offset, int Size);
