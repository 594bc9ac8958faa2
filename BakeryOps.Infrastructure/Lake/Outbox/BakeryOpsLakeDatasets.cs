namespace BakeryOps.Infrastructure.Lake.Outbox;

/// <summary>The Bakery Operations datasets the outbox feeds.</summary>
public static class BakeryOpsLakeDatasets
{
    public static LakeOutboxDataset<BakeryOpsProductRecord> Products { get; } =
        new(BakeryOpsProductRecord.Table, LakeOutboxJsonContext.Default.BakeryOpsProductRecord);

    public static LakeOutboxDataset<BakeryOpsMovementRecord> Movements { get; } =
        new(BakeryOpsMovementRecord.Table, LakeOutboxJsonContext.Default.BakeryOpsMovementRecord);

    /// <summary>In the order a batch pass writes them.</summary>
    public static IReadOnlyList<LakeOutboxDataset> All { get; } = [Products, Movements];
}
