namespace BakeryOps.Infrastructure.Jde.Simulator;

/// <summary>The built-in AIS simulator, section <c>Jde:Simulator</c>.</summary>
public sealed class JdeSimulatorOptions
{
    public const string SectionName = "Jde:Simulator";

    /// <summary>The generator refuses more (its UKID sequence packs into 26 bits).</summary>
    public const int MaxLedgerRows = 60_000_000;

    public string Username { get; set; } = JdeSimulatorAccount.Default.UserName;

    public string Password { get; set; } = JdeSimulatorAccount.Default.Password;

    /// <summary>
    /// The orchestrations' data-request "maximum records": a larger result is cut there with <c>moreRecords: true</c>
    /// (jde-ais.md §6.1, default 1000).
    /// </summary>
    public int MaxRecords { get; set; } = 1000;

    /// <summary>Ledger rows generated when there is no saved state yet; 0 keeps the seeded history only.</summary>
    public int LedgerRows { get; set; }

    /// <summary>Days of generated history before the first start.</summary>
    public int HistoryDays { get; set; } = JdeSimulatorLedgerOptions.Default.HistoryDays;

    public JdeSimulatorAccount Account => JdeSimulatorAccount.Default with { UserName = Username, Password = Password };

    public JdeSimulatorLedgerOptions Ledger => JdeSimulatorLedgerOptions.Default with { HistoryDays = HistoryDays };

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Username))
        {
            yield return "Jde:Simulator:Username must not be empty.";
        }

        if (string.IsNullOrEmpty(Password))
        {
            yield return "Jde:Simulator:Password must not be empty.";
        }

        if (MaxRecords is < 1 or > 1_000_000)
        {
            yield return "Jde:Simulator:MaxRecords must be between 1 and 1000000.";
        }

        if (LedgerRows is < 0 or > MaxLedgerRows)
        {
            yield return $"Jde:Simulator:LedgerRows must be between 0 and {MaxLedgerRows}.";
        }

        if (HistoryDays is < 1 or > 3650)
        {
            yield return "Jde:Simulator:HistoryDays must be between 1 and 3650.";
        }
    }
}
