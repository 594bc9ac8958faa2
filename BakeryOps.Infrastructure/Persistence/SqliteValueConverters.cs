using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BakeryOps.Infrastructure.Persistence;

/// <summary>Stores an instant as UTC ticks so SQLite can compare and order it.</summary>
public sealed class UtcTicksDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));

/// <summary>Normalises to UTC on write and marks values as UTC on read.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

/// <summary>
/// Stores a decimal as an integer count of millionths, matching PostgreSQL's numeric(18,6) rounding,
/// so sums and ordering run in SQL and stay exact. Averages must be computed as SUM/COUNT in C#.
/// </summary>
public sealed class ScaledDecimalConverter() : ValueConverter<decimal, long>(
    v => (long)decimal.Round(v * Scale, 0, MidpointRounding.AwayFromZero),
    v => v / Scale)
{
    public const decimal Scale = 1_000_000m;
}
