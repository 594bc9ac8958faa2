namespace BakeryOps.Infrastructure.Lake.Outbox;

/// <summary>The Bakery Operations datasets the outbox feeds.</summary>
public static class BakeryOpsLakeDatasets
{
    public static LakeOutboxDataset<BakeryOpsProductRecord> Products { get; } =
        new(BakeryOpsProductRecord.Table, LakeOutboxJsonContext.Default.BakeryOpsProductRecord);

    public static LakeOutboxDataset<BakeryOpsMovementRecord> Movements { get; } =
        new(BakeryOpsMovementRecord.Table, LakeOutboxJsonContext.Default.BakeryOpsMovementRecord);

    /// <summary>Every call to JD Edwards for a posting: the request sent and the answer received.</summary>
    public static LakeOutboxDataset<JdeDispatchAttemptRecord> DispatchAttempts { get; } =
        new(JdeDispatchAttemptRecord.Table, LakeOutboxJsonContext.Default.JdeDispatchAttemptRecord);

    /// <summary>Every posting JD Edwards accepted.</summary>
    public static LakeOutboxDataset<FromBakeryOpsRecord> Postings { get; } =
        new(FromBakeryOpsRecord.Table, LakeOutboxJsonContext.Default.FromBakeryOpsRecord);

    /// <summary>In the order a batch pass writes them.</summary>
    public static IReadOnlyList<LakeOutboxDataset> All { get; } = [Products, Movements, DispatchAttempts, Postings];
}
