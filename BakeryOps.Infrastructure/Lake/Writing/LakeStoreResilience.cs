using Amazon.Runtime;
using BakeryOps.Infrastructure.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace BakeryOps.Infrastructure.Lake.Writing;

/// <summary>
/// The one retry pipeline for lake store operations (Polly): <c>Lake:StoreAttempts</c> attempts with a delay that starts
/// at <c>Lake:RetryDelayMilliseconds</c> and doubles, on transient failures only, waiting on the writer's clock.
/// </summary>
internal sealed class LakeStoreResilience
{
    private readonly ResiliencePipeline _pipeline;

    public LakeStoreResilience(LakeWriterOptions options, TimeProvider clock, ILogger logger)
    {
        _pipeline = options.StoreAttempts <= 1
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder { TimeProvider = clock }
                .AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = options.StoreAttempts - 1,
                    BackoffType = DelayBackoffType.Exponential,
                    Delay = TimeSpan.FromMilliseconds(options.RetryDelayMilliseconds),
                    ShouldHandle = args => ValueTask.FromResult(
                        args.Outcome.Exception is { } exception && IsTransient(exception, args.Context.CancellationToken)),
                    OnRetry = args =>
                    {
                        LakeWriterLog.Retrying(
                            logger, args.Outcome.Exception!, args.Context.OperationKey ?? "lake store operation", args.AttemptNumber + 1,
                            args.RetryDelay.TotalMilliseconds);
                        return default;
                    },
                })
                .Build();
    }

    /// <summary>Failures worth another attempt: throttling, 5xx, timeouts and I/O errors, but not a missing object or path.</summary>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        // An HTTP timeout surfaces as TaskCanceledException while the caller's token is still live.
        OperationCanceledException => !cancellationToken.IsCancellationRequested && exception is TaskCanceledException,
        AmazonServiceException s => (int)s.StatusCode >= 500 || (int)s.StatusCode == 429
            || s.ErrorCode is "SlowDown" or "RequestTimeout" or "Throttling" or "InternalError",
        HttpRequestException or TimeoutException => true,
        FileNotFoundException or DirectoryNotFoundException or PathTooLongException => false,
        IOException => true,
        _ => exception.InnerException is { } inner && IsTransient(inner, cancellationToken),
    };

    /// <summary>
    /// Runs <paramref name="operation"/>, again after each transient failure while attempts remain; <paramref name="what"/>
    /// names it in the retry log, such as <c>put {key}</c>.
    /// </summary>
    public Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(what, operation, cancellationToken);

    public Task RunAsync(string what, Func<CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        RunAsync(what, async ct =>
        {
            await operation(ct);
            return true;
        }, cancellationToken);
}
