using System.Security.Cryptography;
using System.Text.Json.Serialization;
using BakeryOps.Domain.Lake;
using BakeryOps.Infrastructure.Lake;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Parquet.Serialization;
using Parquet.Serialization.Attributes;

namespace BakeryOps.Tests.Portal.Lake;

/// <summary>
/// Puts files into a running portal's lake the way the lake writer does: the object through <see cref="ILakeStore"/>
/// and its <c>dispatch_logs</c> row, with Parquet written by Parquet.Net with explicit types.
/// </summary>
public static class LakeTestData
{
    public static string Prefix(IServiceProvider services) => services.GetRequiredService<IOptions<LakeOptions>>().Value.Prefix;

    public static IReadOnlyList<LedgerRow> Ledger(int count) =>
    [
        .. Enumerable.Range(1, count).Select(i => new LedgerRow
        {
            ItemNumber = $"ITEM-{i:D3}",
            Qty = 12.5m + i,
            TransDate = new DateOnly(2025, 3, i % 28 + 1),
            UpdatedAt = new DateTime(2025, 3, 10, 8, 15, 30, DateTimeKind.Utc).AddTicks(1230 + i * 10),
            Lot = i % 2 == 0 ? null : $"LOT-{i}",
        }),
    ];

    public static async Task<byte[]> ParquetAsync(IReadOnlyList<LedgerRow> rows)
    {
        using var buffer = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, buffer);
        return buffer.ToArray();
    }

    /// <summary>Writes a Parquet file of <paramref name="rows"/> ledger rows under the dataset's partition for the date, and logs it.</summary>
    public static async Task<DispatchLog> AddFileAsync(
        IServiceProvider services, string dataset, DateOnly date, int rows, DateTimeOffset? writtenAt = null, Guid? runId = null)
    {
        var at = writtenAt ?? new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        var key = LakeKeys.DataFile(Prefix(services), dataset, new DateTimeOffset(date.ToDateTime(TimeOnly.FromTimeSpan(at.TimeOfDay)), TimeSpan.Zero),
            Guid.NewGuid().ToString("N")[..12]);
        var bytes = await ParquetAsync(Ledger(rows));
        await PutAsync(services, key, bytes);
        var log = new DispatchLog
        {
            Dataset = dataset, ObjectKey = key, RowCount = rows, SizeBytes = bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            RunId = runId ?? Guid.NewGuid(), PartitionDate = date, CreatedAt = at,
        };
        var contexts = services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        db.DispatchLogs.Add(log);
        await db.SaveChangesAsync();
        return log;
    }

    public static async Task PutAsync(IServiceProvider services, string key, byte[] bytes)
    {
        var store = services.GetRequiredService<ILakeStore>();
        await using var upload = await store.BeginUploadAsync(key, CancellationToken.None);
        await upload.Content.WriteAsync(bytes);
        await upload.CompleteAsync(CancellationToken.None);
    }

    public sealed class LedgerRow
    {
        [JsonPropertyName("item_number")]
        public string ItemNumber { get; set; } = "";

        [JsonPropertyName("qty")]
        [ParquetDecimal(18, 4)]
        public decimal Qty { get; set; }

        [JsonPropertyName("trans_date")]
        public DateOnly TransDate { get; set; }

        [JsonPropertyName("updated_at")]
        [ParquetTimestamp(ParquetTimestampResolution.Microseconds, true, true)]
        public DateTime UpdatedAt { get; set; }

        [JsonPropertyName("lot")]
        public string? Lot { get; set; }
    }
}
