using BakeryOps.Domain.Inventory;

namespace BakeryOps.Infrastructure.Dispatch;

/// <summary>Posting bakery movements to JD Edwards, section <c>Dispatch</c>.</summary>
public sealed class DispatchOptions
{
    public const string SectionName = "Dispatch";

    /// <summary>The movement types that become postings.</summary>
    public List<string> MovementTypes { get; set; } = ["USAGE", "WASTE", "ADJUSTMENT"];

    /// <summary>
    /// JD Edwards' document type per movement type: II (an issue: the quantity issued, JD Edwards stores it negative)
    /// or IA (an adjustment: signed as the movement).
    /// </summary>
    public Dictionary<string, string> DocumentTypes { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["USAGE"] = "II",
        ["WASTE"] = "II",
        ["ADJUSTMENT"] = "IA",
    };

    public DispatchSecondApprovalOptions SecondApproval { get; set; } = new();

    /// <summary>Posts of one dispatch call or relay pass in flight at once.</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>Approved postings one relay pass sends at most.</summary>
    public int RelayBatchSize { get; set; } = 500;

    /// <summary>Tries of a posting that fails transiently before it waits for a person.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first transient failure; it doubles with each further one.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a claim holds a posting; past it another relay treats the posting's outcome as unknown.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long after a lost answer JD Edwards' ledger is read for the key: a post that timed out may still be
    /// written by JD Edwards a little later, and reading too early would send it twice.
    /// </summary>
    public TimeSpan ReadBackDelay { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<string> Validate()
    {
        foreach (var type in MovementTypes)
        {
            if (!Domain.Inventory.MovementTypes.TryParse(type, out var parsed))
            {
                yield return $"Dispatch:MovementTypes: '{type}' is not a movement type (USAGE, WASTE, ADJUSTMENT, RECEIPT, TRANSFER).";
            }
            else if (!DocumentTypes.TryGetValue(parsed.Code(), out var documentType) || documentType.Trim().ToUpperInvariant() is not ("II" or "IA"))
            {
                yield return $"Dispatch:DocumentTypes:{parsed.Code()} must be II or IA for a movement type that is posted.";
            }
        }

        if (SecondApproval.Quantity is < 0)
        {
            yield return "Dispatch:SecondApproval:Quantity must be zero or more.";
        }

        foreach (var (unit, value) in SecondApproval.PerUnit)
        {
            if (value < 0)
            {
                yield return $"Dispatch:SecondApproval:PerUnit:{unit} must be zero or more.";
            }
        }

        if (Parallelism is < 1 or > 64)
        {
            yield return "Dispatch:Parallelism must be between 1 and 64.";
        }

        if (RelayBatchSize < 1)
        {
            yield return "Dispatch:RelayBatchSize must be at least 1.";
        }

        if (MaxAttempts < 1)
        {
            yield return "Dispatch:MaxAttempts must be at least 1.";
        }

        if (RetryBackoff < TimeSpan.Zero || ReadBackDelay < TimeSpan.Zero)
        {
            yield return "Dispatch:RetryBackoff and Dispatch:ReadBackDelay must not be negative.";
        }

        if (ClaimTimeout < TimeSpan.FromSeconds(10))
        {
            yield return "Dispatch:ClaimTimeout must be at least 10 seconds (longer than a post may take).";
        }
    }

    /// <summary>The posted movement types, parsed (validated at start).</summary>
    public IReadOnlyList<MovementType> PostedTypes() =>
        [.. MovementTypes.Select(t => Domain.Inventory.MovementTypes.TryParse(t, out var type) ? type : throw new InvalidOperationException(t)).Distinct()];

    public string DocumentTypeFor(MovementType type) => DocumentTypes[type.Code()].Trim().ToUpperInvariant();
}

/// <summary>
/// Above these quantities (the movement's, in the product's inventory unit) a posting needs a second approver, a
/// different person from the first. Unset: one approver is enough.
/// </summary>
public sealed class DispatchSecondApprovalOptions
{
    /// <summary>For units not in <see cref="PerUnit"/>.</summary>
    public decimal? Quantity { get; set; }

    /// <summary>Thresholds by unit code (KG, EA, …), overriding <see cref="Quantity"/>.</summary>
    public Dictionary<string, decimal> PerUnit { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Requires(decimal inventoryQuantity, string unit) =>
        (PerUnit.TryGetValue(unit, out var perUnit) ? perUnit : Quantity) is { } threshold && Math.Abs(inventoryQuantity) > threshold;
}
