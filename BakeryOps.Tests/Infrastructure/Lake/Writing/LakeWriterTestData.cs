using System.Runtime.CompilerServices;
using BakeryOps.Infrastructure.Lake.Writing;

namespace BakeryOps.Tests.Infrastructure.Lake.Writing;

/// <summary>A row with every type the lake writes, nullable and not, with edge values.</summary>
internal sealed record TypedRow(
    int Id,
    bool Flag,
    bool? MaybeFlag,
    long Ukid,
    decimal Quantity,
    decimal? MaybeQuantity,
    string Explanation,
    DateOnly TransactionDate,
    DateOnly? MaybeDate,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? MaybeUpdatedAt,
    object? Detail,
    object? Tags,
    string? ExpectedDetailJson,
    string? ExpectedTagsJson)
{
    public static LakeTable<TypedRow> Table(string dataset) => new LakeTable<TypedRow>(dataset)
        .Int32("id", r => r.Id)
        .Boolean("flag", r => r.Flag)
        .Boolean("maybe_flag", r => r.MaybeFlag)
        .Int64("ukid", r => r.Ukid)
        .Decimal("quantity", 18, 6, r => r.Quantity)
        .Decimal("maybe_quantity", 18, 6, r => r.MaybeQuantity)
        .String("explanation", r => r.Explanation, nullable: false)
        .Date("transaction_date", r => r.TransactionDate)
        .Date("maybe_date", r => r.MaybeDate)
        .Timestamp("updated_at", r => r.UpdatedAt)
        .Timestamp("maybe_updated_at", r => r.MaybeUpdatedAt)
        .Object("detail", r => r.Detail)
        .Array("tags", r => r.Tags);

    public static TypedRow[] Samples() =>
    [
        new(1, true, null, long.MaxValue, -999_999_999_999.999999m, null, "Crème brûlée – 焼き菓子 🥐", new DateOnly(2026, 2, 28), null,
            new DateTimeOffset(2026, 11, 26, 1, 2, 3, TimeSpan.FromHours(2)).AddTicks(4_560), null,
            new Dictionary<string, object?>(), new List<object?>(), "{}", "[]"),
        new(2, false, true, long.MinValue, 0.000001m, -42.5m, "", new DateOnly(1970, 1, 1), new DateOnly(2099, 12, 31),
            new DateTimeOffset(1999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.FromHours(1)),
            new Dictionary<string, object?> { ["zeta"] = 1.50m, ["alpha"] = new Dictionary<string, object?> { ["b"] = null, ["a"] = "x" }, ["empty"] = new Dictionary<string, object?>() },
            new object?[] { 1, "two", null, new Dictionary<string, object?>() },
            "{\"alpha\":{\"a\":\"x\",\"b\":null},\"empty\":{},\"zeta\":1.5}", "[1,\"two\",null,{}]"),
        new(3, true, false, 0, 999_999_999_999.999999m, 0m, "line1\nline2 \"quoted\"", new DateOnly(2026, 11, 26), new DateOnly(2000, 2, 29),
            new DateTimeOffset(2026, 11, 26, 6, 30, 15, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 6, 30, 15, TimeSpan.Zero),
            null, null, null, null),
    ];
}

/// <summary>Ledger-shaped rows (the cardex columns plus loaded_at), generated one at a time so nothing holds them all.</summary>
internal sealed record LedgerRow(
    long Ukid,
    long ShortItem,
    string ItemNumber,
    string BusinessUnit,
    string Location,
    string? Lot,
    long DocNumber,
    string DocType,
    DateOnly TransactionDate,
    DateTimeOffset UpdatedAt,
    decimal Quantity,
    string Unit,
    string? Explanation,
    DateTimeOffset LoadedAt);

internal static class LedgerRows
{
    private static readonly DateTimeOffset Loaded = new(2026, 11, 26, 6, 0, 0, TimeSpan.Zero);

    public static LakeTable<LedgerRow> Table(string dataset) => new LakeTable<LedgerRow>(dataset)
        .Int64("ukid", r => r.Ukid)
        .Int64("short_item", r => r.ShortItem)
        .String("item_number", r => r.ItemNumber, nullable: false)
        .String("business_unit", r => r.BusinessUnit, nullable: false)
        .String("location", r => r.Location, nullable: false)
        .String("lot", r => r.Lot)
        .Int64("doc_number", r => r.DocNumber)
        .String("doc_type", r => r.DocType, nullable: false)
        .Date("transaction_date", r => r.TransactionDate)
        .Timestamp("updated_at", r => r.UpdatedAt)
        .Decimal("quantity", 18, 6, r => r.Quantity)
        .String("unit", r => r.Unit, nullable: false)
        .String("explanation", r => r.Explanation)
        .Timestamp("loaded_at", r => r.LoadedAt);

    public static LedgerRow Row(long i) => new(
        1_000_000 + i,
        60_000 + (i % 500),
        $"FG-{i % 500:D5}",
        (1110 + (i % 3) * 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
        $"A{i % 40:D2}-{i % 7}",
        i % 4 == 0 ? null : $"LOT{i % 9973:D6}",
        500_000 + (i / 3),
        (i % 5) switch { 0 => "IC", 1 => "IM", 2 => "IT", 3 => "OV", _ => "SO" },
        new DateOnly(2026, 1, 1).AddDays((int)(i % 330)),
        Loaded.AddSeconds(-(i % 86_400)),
        ((i % 2_000) - 1_000) * 1.000125m,
        i % 3 == 0 ? "EA" : "KG",
        i % 10 == 0 ? null : $"Movement {i} of batch {i % 1_000}",
        Loaded);

    public static async IAsyncEnumerable<LedgerRow> Generate(long count, long? failAfter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (long i = 0; i < count; i++)
        {
            if (i == failAfter)
            {
                throw new InvalidOperationException($"source failed after {i} rows");
            }

            cancellationToken.ThrowIfCancellationRequested();
            yield return Row(i);
            if (i % 10_000 == 0)
            {
                await Task.Yield();
            }
        }
    }
}
