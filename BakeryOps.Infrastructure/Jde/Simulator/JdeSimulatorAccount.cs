namespace BakeryOps.Infrastructure.Jde.Simulator;

/// <summary>
/// The simulator's integration account and session rules (AIS defaults: 20 minutes of inactivity, 8 hours of life).
/// </summary>
public sealed record JdeSimulatorAccount(
    string UserName,
    string Password,
    string Environment = "JPD920",
    string Role = "*ALL",
    string DateFormat = "DME",
    string DateSeparator = "/",
    string SimpleDateFormat = "dd/MM/yyyy")
{
    public static JdeSimulatorAccount Default { get; } = new("BAKERYINT", "bakeryint");

    public TimeSpan InactivityTimeout { get; init; } = TimeSpan.FromMinutes(20);
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromHours(8);
}
