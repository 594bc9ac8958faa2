using System.Text.Json.Serialization;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>A quarantined ledger row as the API and pages show it: the row, why it waits, and its retries.</summary>
public sealed record QuarantineView(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("facility")] string FacilityId,
    [property: JsonPropertyName("ukid")] long Ukid,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("shortItemNumber")] int ShortItemNumber,
    [property: JsonPropertyName("secondItemNumber")] string SecondItemNumber,
    [property: JsonPropertyName("documentType")] string DocumentType,
    [property: JsonPropertyName("documentNumber")] long DocumentNumber,
    [property: JsonPropertyName("transactionDate")] DateOnly TransactionDate,
    [property: JsonPropertyName("quantity")] decimal Quantity,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("lot")] string Lot,
    [property: JsonPropertyName("explanation")] string Explanation,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updatedAt")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("resolvedAt")] DateTimeOffset? ResolvedAt);
