using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Lake.Outbox;

/// <summary>Runs <see cref="LakeOutboxFlusher"/> every <c>Lake:Batching:IntervalSeconds</c> and once more at shutdown.</summary>
public sealed partial class LakeOutboxService(
    LakeOutboxFlusher flusher, IOptions<LakeOutboxOptions> options, TimeProvider clock, ILogger<LakeOutboxService> logger)
    : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // What changed since the last pass goes out now rather than waiting in the outbox for the next start.
        await TryFlushAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.IntervalSeconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TryFlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TryFlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await flusher.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Records stay in the outbox; the next pass tries again.
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lake batching failed; the records stay in the outbox for the next pass")]
    private partial void LogFailed(Exception exception);
}
