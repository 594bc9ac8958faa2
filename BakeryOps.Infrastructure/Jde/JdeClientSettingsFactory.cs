using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Jde.Simulator;

namespace BakeryOps.Infrastructure.Jde;

/// <summary>
/// Turns <see cref="JdeOptions"/> into client settings. The earlier system configured full orchestration URLs
/// (<c>JDE_CARDEX_URL</c> = <c>https://host/jderest/v3/orchestrator/JDE_CARDEX_SUMMARY</c>); they are split into the
/// AIS base (up to <c>/jderest/</c>), the orchestrator path and the orchestration name.
/// </summary>
public static class JdeClientSettingsFactory
{
    /// <param name="options">The connection options.</param>
    /// <param name="portalBaseAddress">The portal's own address, which serves the simulator in the embedded mode.</param>
    /// <param name="simulatorAccount">The simulator's account, used in the embedded mode unless Jde:Username/Password are set.</param>
    public static JdeClientSettings Create(JdeOptions options, Uri? portalBaseAddress, JdeSimulatorAccount? simulatorAccount = null)
    {
        if (options.Mode == JdeMode.Simulator)
        {
            var portal = portalBaseAddress ?? throw new InvalidOperationException("The portal's own address is needed to call the built-in simulator.");
            return Tuned(options, new JdeClientSettings
            {
                BaseUri = new Uri(portal, "jde-sim/jderest/"),
                UserName = options.Username ?? (simulatorAccount ?? JdeSimulatorAccount.Default).UserName,
                Password = options.Password ?? (simulatorAccount ?? JdeSimulatorAccount.Default).Password,
            });
        }

        var urls = new[] { options.CardexSummaryUrl, options.ItemMasterUrl, options.InventoryAdjustmentsUrl, options.ItemBalanceUrl }
            .Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => Split(u!)).ToList();
        if (urls.Select(u => (u.Base, u.Path)).Distinct().Count() > 1)
        {
            throw new InvalidOperationException(
                "Jde:CardexSummaryUrl, Jde:ItemMasterUrl, Jde:InventoryAdjustmentsUrl and Jde:ItemBalanceUrl must share one AIS base and orchestrator path.");
        }

        var first = urls.FirstOrDefault();
        var settings = new JdeClientSettings
        {
            BaseUri = first.Base ?? new Uri(options.BaseUrl ?? throw new InvalidOperationException("Jde:BaseUrl is required when Jde:Mode is Ais.")),
            UserName = options.Username ?? "",
            Password = options.Password ?? "",
            OrchestratorPath = first.Path ?? "v3/orchestrator/",
        };
        return Tuned(options, settings) with
        {
            CardexOrchestration = Name(options.CardexSummaryUrl) ?? settings.CardexOrchestration,
            ItemMasterOrchestration = Name(options.ItemMasterUrl) ?? settings.ItemMasterOrchestration,
            AdjustmentOrchestration = Name(options.InventoryAdjustmentsUrl) ?? settings.AdjustmentOrchestration,
            // A custom orchestration: a base URL alone does not say the customer's AIS has it.
            ItemBalanceOrchestration = Name(options.ItemBalanceUrl),
        };
    }

    // What both modes take from the options alike: cardex windows and resilience.
    private static JdeClientSettings Tuned(JdeOptions options, JdeClientSettings settings)
    {
        var resilience = options.Resilience;
        var breaker = resilience.CircuitBreaker;
        return settings with
        {
            CardexUpperBoundInput = string.IsNullOrWhiteSpace(options.CardexUpperBoundInput) ? null : options.CardexUpperBoundInput.Trim(),
            CardexWindowDays = options.CardexWindowDays,
            MaxReadAttempts = resilience.ReadAttempts,
            RetryBaseDelay = TimeSpan.FromMilliseconds(resilience.RetryBaseDelayMilliseconds),
            ReadTimeout = TimeSpan.FromSeconds(resilience.ReadTimeoutSeconds),
            ReadTotalTimeout = TimeSpan.FromSeconds(resilience.ReadTotalTimeoutSeconds),
            PostTimeout = TimeSpan.FromSeconds(resilience.PostTimeoutSeconds),
            CircuitFailureRatio = breaker.FailureRatio,
            CircuitMinimumThroughput = breaker.MinimumThroughput,
            CircuitSamplingDuration = TimeSpan.FromSeconds(breaker.SamplingDurationSeconds),
            CircuitBreakDuration = TimeSpan.FromSeconds(breaker.BreakSeconds),
        };
    }

    private static (Uri? Base, string? Path, string Name) Split(string url)
    {
        var uri = new Uri(url);
        var text = uri.GetLeftPart(UriPartial.Path);
        var jderest = text.IndexOf("/jderest/", StringComparison.OrdinalIgnoreCase);
        var lastSlash = text.LastIndexOf('/');
        if (jderest < 0 || lastSlash <= jderest + "/jderest".Length)
        {
            throw new InvalidOperationException($"A JDE orchestration URL must look like https://host/jderest/v3/orchestrator/NAME (found {uri.GetLeftPart(UriPartial.Authority)}…).");
        }

        var baseEnd = jderest + "/jderest/".Length;
        return (new Uri(text[..baseEnd]), text[baseEnd..(lastSlash + 1)], text[(lastSlash + 1)..]);
    }

    private static string? Name(string? url) => string.IsNullOrWhiteSpace(url) ? null : Split(url).Name;
}
