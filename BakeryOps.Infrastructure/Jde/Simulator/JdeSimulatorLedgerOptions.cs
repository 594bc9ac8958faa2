namespace BakeryOps.Infrastructure.Jde.Simulator;

/// <summary>How the simulator's JD Edwards state is seeded and which G/L periods it accepts.</summary>
public sealed record JdeSimulatorLedgerOptions
{
    /// <summary>Seed of the generated history; the same seed, data and start date give the same ledger.</summary>
    public int Seed { get; init; } = 4111;

    /// <summary>Days of history before the start date over which the opening balances are built up.</summary>
    public int HistoryDays { get; init; } = 60;

    /// <summary>Document company (F4111 KCO).</summary>
    public string Company { get; init; } = "00001";

    /// <summary>
    /// First day of the open G/L period; adjustments with an earlier G/L date are refused as a closed period.
    /// Null means the first day of the month before the start date.
    /// </summary>
    public DateOnly? GlPeriodOpenFrom { get; init; }

    public static JdeSimulatorLedgerOptions Default { get; } = new();
}
