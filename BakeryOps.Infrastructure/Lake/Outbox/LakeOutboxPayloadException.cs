namespace BakeryOps.Infrastructure.Lake.Outbox;

/// <summary>A waiting outbox entry cannot be read back as a row of its dataset; the batch stays in the outbox.</summary>
public sealed class LakeOutboxPayloadException(long entryId, string dataset, string reason, Exception? innerException = null)
    : Exception($"lake_outbox entry {entryId} is not a {dataset} row: {reason}", innerException);
