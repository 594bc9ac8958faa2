using BakeryOps.Infrastructure.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace BakeryOps.Infrastructure.Jde.Client;

/// <summary>
/// How calls to JD Edwards are timed out, retried and cut off (docs/decisions/0012), as Polly pipelines on the injected
/// clock. Register one per process: the typed clients are transient, and the circuit must count all their failures.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="ExecuteReadAsync{T}"/> runs a read through, outermost first: the total timeout, retries with jittered
/// exponential backoff, and the circuit breaker. Only transient failures (<see cref="JdeException.Transient"/>) are
/// retried and counted; a business error, a refused certificate or the caller's cancellation is neither.</item>
/// <item><see cref="ReadCall"/> and <see cref="PostCall"/> time out one HTTP exchange inside an attempt (a login, an
/// orchestration call, the replay after a 444), so a login's time never counts against the post it precedes.</item>
/// <item>Posts are never retried; the client checks <see cref="RefusingFor"/> and sends a post once or not at all.</item>
/// </list>
/// </remarks>
public sealed partial class JdeResiliencePipelines
{
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly ResiliencePipeline _read;
    private long _refusingUntilUtcTicks;

    public JdeResiliencePipelines(JdeClientSettings settings, TimeProvider clock, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxReadAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.ReadTotalTimeout, settings.ReadTimeout);
        (_clock, _logger) = (clock, logger);
        ReadCall = CallTimeout(settings.ReadTimeout);
        PostCall = CallTimeout(settings.PostTimeout);
        _read = BuildRead(settings);
    }

    /// <summary>One read exchange (cardex, item master, login) within <see cref="JdeClientSettings.ReadTimeout"/>.</summary>
    internal ResiliencePipeline ReadCall { get; }

    /// <summary>One post exchange within <see cref="JdeClientSettings.PostTimeout"/>, without retry.</summary>
    internal ResiliencePipeline PostCall { get; }

    /// <summary>Closed while JD Edwards answers; open (or half-open while one read probes) after repeated transient failures.</summary>
    public CircuitState CircuitState => _circuit.CircuitState;

    /// <summary>How much longer calls are refused without being sent, or null when the circuit lets them through.</summary>
    public TimeSpan? RefusingFor
    {
        get
        {
            if (_circuit.CircuitState == CircuitState.Closed)
            {
                return null;
            }

            var left = new DateTimeOffset(Interlocked.Read(ref _refusingUntilUtcTicks), TimeSpan.Zero) - _clock.GetUtcNow();
            return left > TimeSpan.Zero ? left : null;
        }
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds, fails for good, or the retries or total time run out. Throws
    /// <see cref="Polly.Timeout.TimeoutRejectedException"/> when the total time ran out and <see cref="BrokenCircuitException"/>
    /// when the circuit refused the read; the client turns both into a <see cref="JdeException"/>.
    /// </summary>
    // The orchestration travels as the operation key so that retry and circuit logs can name it.
    internal Task<T> ExecuteReadAsync<T>(string orchestration, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken) =>
        _read.ExecuteAsync(orchestration, attempt, cancellationToken);

    private ResiliencePipeline CallTimeout(TimeSpan timeout) =>
        new ResiliencePipelineBuilder { TimeProvider = _clock }.AddTimeout(timeout).Build();

    private ResiliencePipeline BuildRead(JdeClientSettings settings)
    {
        var transient = new PredicateBuilder().Handle<JdeException>(e => e.Transient);
        var builder = new ResiliencePipelineBuilder { TimeProvider = _clock }.AddTimeout(settings.ReadTotalTimeout);
        var attempts = settings.MaxReadAttempts;
        // Polly refuses a retry strategy with no retries, and one attempt means none.
        if (attempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                // Parallel callers that failed together would otherwise all retry at the same instants.
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                OnRetry = args =>
                {
                    var failure = args.Outcome.Exception;
                    LogRetry(failure, args.Context.OperationKey, args.AttemptNumber + 1, attempts,
                        (failure as JdeException)?.StatusCode ?? 0, (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        var breakDuration = settings.CircuitBreakDuration;
        return builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = transient,
            FailureRatio = settings.CircuitFailureRatio,
            MinimumThroughput = settings.CircuitMinimumThroughput,
            SamplingDuration = settings.CircuitSamplingDuration,
            BreakDuration = breakDuration,
            StateProvider = _circuit,
            OnOpened = args =>
            {
                RefuseFor(args.BreakDuration);
                LogCircuitOpened(args.Outcome.Exception, args.Context.OperationKey, (long)args.BreakDuration.TotalSeconds);
                return default;
            },
            OnHalfOpened = args =>
            {
                // Polly lets one read probe and refuses the rest for up to another break; posts wait as long.
                RefuseFor(breakDuration);
                LogCircuitHalfOpened(args.Context.OperationKey);
                return default;
            },
            OnClosed = args =>
            {
                RefuseFor(TimeSpan.Zero);
                LogCircuitClosed(args.Context.OperationKey);
                return default;
            },
        }).Build();
    }

    private void RefuseFor(TimeSpan duration) =>
        Interlocked.Exchange(ref _refusingUntilUtcTicks, (_clock.GetUtcNow() + duration).UtcTicks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "JDE {Orchestration} attempt {Attempt} of {MaxAttempts} failed (HTTP {StatusCode}); retrying in {DelayMs} ms")]
    private partial void LogRetry(Exception? exception, string? orchestration, int attempt, int maxAttempts, int statusCode, long delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "JDE is failing repeatedly ({Orchestration} last): calls are refused for {BreakSeconds} s")]
    private partial void LogCircuitOpened(Exception? exception, string? orchestration, long breakSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "JDE circuit half-open: {Orchestration} probes whether JDE answers again")]
    private partial void LogCircuitHalfOpened(string? orchestration);

    [LoggerMessage(Level = LogLevel.Information, Message = "JDE answers again ({Orchestration}): circuit closed")]
    private partial void LogCircuitClosed(string? orchestration);
}
