namespace BakeryOps.Infrastructure.Jde.Client;

/// <summary>How the client authenticates to AIS (jde-ais.md §1.2).</summary>
public enum JdeAuthMode
{
    /// <summary>Stateless HTTP Basic on every call, as the predecessor did.</summary>
    Basic,

    /// <summary>A token session from <c>v2/tokenrequest</c>, which Oracle recommends for repeated calls.</summary>
    Token,
}

/// <summary>The settings of one <see cref="JdeAisClient"/>; the lead maps <see cref="JdeOptions"/> onto this.</summary>
public sealed record JdeClientSettings
{
    /// <summary>The AIS base ending in <c>/jderest/</c>; a missing trailing slash is added so relative paths append.</summary>
    public required Uri BaseUri
    {
        get;
        init => field = value.AbsoluteUri.EndsWith('/') ? value : new Uri(value.AbsoluteUri + "/");
    }

    public required string UserName { get; init; }

    public required string Password { get; init; }

    public JdeAuthMode AuthMode { get; init; } = JdeAuthMode.Basic;

    /// <summary>The device a token is bound to (AIS rejects a token used from another device).</summary>
    public string DeviceName { get; init; } = "bakeryops";

    /// <summary>Per call for cardex, item master and login (jde-ais.md §6.2: 120 s).</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>A read with all its attempts and the delays between them.</summary>
    public TimeSpan ReadTotalTimeout { get; init; } = TimeSpan.FromSeconds(420);

    /// <summary>For an adjustment post (jde-ais.md §6.2: 60 s).</summary>
    public TimeSpan PostTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts for a read including the first; posts are always sent once.</summary>
    public int MaxReadAttempts { get; init; } = 3;

    /// <summary>The median delay before the first read retry; later ones grow exponentially, with random jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The share of read attempts failing transiently within <see cref="CircuitSamplingDuration"/> that opens the circuit.</summary>
    public double CircuitFailureRatio { get; init; } = 0.5;

    /// <summary>Read attempts (retries count) needed within <see cref="CircuitSamplingDuration"/> before the failure ratio counts.</summary>
    public int CircuitMinimumThroughput { get; init; } = 8;

    public TimeSpan CircuitSamplingDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long reads and posts are refused unsent once the circuit opens.</summary>
    public TimeSpan CircuitBreakDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The E1 user's date format for inputs; in token mode the login's <c>simpleDateFormat</c> wins.</summary>
    public string UserDateFormat { get; init; } = "dd/MM/yyyy";

    public string OrchestratorPath { get; init; } = "v3/orchestrator/";

    public string CardexOrchestration { get; init; } = "JDE_CARDEX_SUMMARY";

    public string ItemMasterOrchestration { get; init; } = "JDE_ITEM_MASTER_TO_BAKERY_OPS";

    public string AdjustmentOrchestration { get; init; } = "JDE_INVENTORY_ADJUSTMENTS";

    /// <summary>
    /// The item balance (F41021) orchestration, JDE's balance of record; null where the customer's AIS has none, and
    /// reconciliation then falls back on the mirrored ledger's sum. The built-in simulator always has it.
    /// </summary>
    public string? ItemBalanceOrchestration { get; init; } = "JDE_ITEM_BALANCE";

    /// <summary>Whether JDE's item balance can be read: <see cref="ItemBalanceOrchestration"/> is set.</summary>
    public bool HasItemBalance => !string.IsNullOrWhiteSpace(ItemBalanceOrchestration);

    /// <summary>
    /// The cardex input that bounds the date written from above (docs/decisions/0009). Null or empty when the
    /// orchestration has none: then a pull cannot be split and a cut-off answer fails instead of losing rows.
    /// </summary>
    public string? CardexUpperBoundInput { get; init; } = "rDateTo";

    /// <summary>The widest date window a streamed cardex pull asks for; narrower ones follow a cut-off answer.</summary>
    public int CardexWindowDays { get; init; } = 31;

    // Records print every property; the password must never reach a log through ToString.
    public override string ToString() =>
        $"JdeClientSettings {{ BaseUri = {BaseUri}, UserName = {UserName}, AuthMode = {AuthMode}, DeviceName = {DeviceName} }}";
}
