using Amazon.Runtime;

namespace BakeryOps.Infrastructure.Lake.Writing;

/// <summary>Which store failures are worth another attempt, and the attempts themselves (exponential backoff on the TimeProvider).</summary>
internal static class LakeRetry
{
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested && exception is TaskCanceledException,
        AmazonServiceException s => (int)s.StatusCode >= 500 || (int)s.StatusCode == 429
            || s.ErrorCode is "SlowDown" or "RequestTimeout" or "Throttling" or "InternalError",
        HttpRequestException or TimeoutException => true,
        FileNotFoundException or DirectoryNotFoundException or PathTooLongException => false,
        IOException => true,
        _ => exception.InnerException is { } inner && IsTransient(inner, cancellationToken),
    };

    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> operation,
        string what,
        LakeWriterOptions options,
        TimeProvider clock,
        Action<string, int, TimeSpan, Exception> onRetry,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(cancellationToken);
            }
            catch (Exception ex) when (attempt < options.StoreAttempts && IsTransient(ex, cancellationToken))
            {
                var delay = Delay(options, attempt);
                onRetry(what, attempt, delay, ex);
                await Task.Delay(delay, clock, cancellationToken);
            }
        }
    }

    public static TimeSpan Delay(LakeWriterOptions options, int attempt) =>
        TimeSpan.FromMilliseconds(options.RetryDelayMilliseconds * Math.Pow(2, attempt - 1));
}
