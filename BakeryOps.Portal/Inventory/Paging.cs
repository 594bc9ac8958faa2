using BakeryOps.Infrastructure.Inventory;

namespace BakeryOps.Portal.Inventory;

/// <summary>Offsets below zero and sizes outside 1..1000 are rejected rather than silently changed.</summary>
internal static class Paging
{
    public static int Offset(int? offset) => offset switch
    {
        null => 0,
        < 0 => throw JsonBody.Invalid("offset", "The offset cannot be negative."),
        _ => offset.Value,
    };

    public static int Size(int? size) => size switch
    {
        null => ProductQuery.DefaultSize,
        < 1 or > ProductQuery.MaxSize => throw JsonBody.Invalid("size", $"The page size must be from 1 to {ProductQuery.MaxSize}."),
        _ => size.Value,
    };
}
