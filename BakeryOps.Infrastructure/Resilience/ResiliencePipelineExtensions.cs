using Polly;

namespace BakeryOps.Infrastructure.Resilience;

public static class ResiliencePipelineExtensions
{
    /// <summary>
    /// Runs <paramref name="operation"/> through the pipeline with <paramref name="operationKey"/> as Polly's operation key,
    /// so the strategies' logs can name what they retried (an orchestration, a lake key, a dataset).
    /// </summary>
    public static async Task<T> ExecuteAsync<T>(
        this ResiliencePipeline pipeline, string operationKey, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(operationKey, cancellationToken);
        try
        {
            return await pipeline.ExecuteAsync(static async (ctx, run) => await run(ctx.CancellationToken), context, operation);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
