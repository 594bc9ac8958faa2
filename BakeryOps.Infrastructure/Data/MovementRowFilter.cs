using BakeryOps.Domain.Inventory;

namespace BakeryOps.Infrastructure.Data;

/// <summary>Which movements <c>/data/internal_bakery_ops_expanded</c> lists; null filters nothing. Bounds are inclusive.</summary>
public sealed record MovementRowFilter(DateTimeOffset? From, DateTimeOffset? To, string? ProductId, MovementType? Type);
