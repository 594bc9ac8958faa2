namespace BakeryOps.Infrastructure.Reconciliation;

/// <summary>The comparison of bakery stock with JD Edwards' balance, section <c>Reconciliation</c>.</summary>
public sealed class ReconciliationOptions
{
    public const string SectionName = "Reconciliation";

    public ReconciliationToleranceOptions Tolerance { get; set; } = new();

    /// <summary>Store a snapshot (with JD Edwards' balance pulled again) after every successful cardex run.</summary>
    public bool SnapshotAfterSync { get; set; } = true;

    /// <summary>Snapshots older than this many days are deleted when a new one is stored (the lake keeps them all).</summary>
    public int KeepSnapshotDays { get; set; } = 400;

    public IEnumerable<string> Validate()
    {
        if (Tolerance.Absolute < 0)
        {
            yield return "Reconciliation:Tolerance:Absolute must be zero or more.";
        }

        foreach (var (unit, value) in Tolerance.PerUnit)
        {
            if (value < 0)
            {
                yield return $"Reconciliation:Tolerance:PerUnit:{unit} must be zero or more.";
            }
        }

        if (Tolerance.RelativePercent is < 0 or > 100)
        {
            yield return "Reconciliation:Tolerance:RelativePercent must be between 0 and 100.";
        }

        if (KeepSnapshotDays < 1)
        {
            yield return "Reconciliation:KeepSnapshotDays must be at least 1.";
        }
    }
}

/// <summary>
/// A variance is a match when it is within the absolute tolerance of its unit (<see cref="PerUnit"/>, else
/// <see cref="Absolute"/>) or within <see cref="RelativePercent"/> of JD Edwards' quantity.
/// </summary>
public sealed class ReconciliationToleranceOptions
{
    /// <summary>The largest absolute variance that still matches, in the row's unit, for units not in <see cref="PerUnit"/>.</summary>
    public decimal Absolute { get; set; } = 0.001m;

    /// <summary>Absolute tolerances by unit code (KG, EA, …), overriding <see cref="Absolute"/>.</summary>
    public Dictionary<string, decimal> PerUnit { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The largest variance that still matches, as a percentage of JD Edwards' quantity; 0 turns it off.</summary>
    public decimal RelativePercent { get; set; }

    public bool Accepts(decimal variance, decimal jdeQuantity, string unit)
    {
        var size = Math.Abs(variance);
        if (size <= (PerUnit.TryGetValue(unit, out var perUnit) ? perUnit : Absolute))
        {
            return true;
        }

        return RelativePercent > 0 && jdeQuantity != 0 && size * 100m <= RelativePercent * Math.Abs(jdeQuantity);
    }
}
