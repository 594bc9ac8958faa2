namespace BakeryOps.Infrastructure.Jde.Simulator;

/// <summary>Where the simulator keeps its state between restarts: <c>{data}/jde-simulator/state.bin</c>.</summary>
public sealed class JdeSimulatorSnapshot(JdeSimulatorState state, string path)
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public string Path => path;

    /// <summary>Saves after a post; one writer at a time, and the file is replaced atomically by the state.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await state.SaveSnapshotAsync(path, cancellationToken);
        }
        finally
        {
            _writer.Release();
        }
    }
}
