using System.Collections.Concurrent;

namespace BakeryOps.Infrastructure.Lake.Writing;

/// <summary>
/// Process-wide state of the lake writer (a singleton): runs of one dataset go one at a time, so each run's manifest
/// links to the one before it and the chain stays linear; and the last manifest written per dataset is remembered so
/// the next run need not read it back to hash it.
/// </summary>
public sealed class LakeRunGate
{
    private readonly ConcurrentDictionary<string, DatasetState> _datasets = new(StringComparer.Ordinal);

    internal async Task<DatasetState> EnterAsync(string dataset, CancellationToken cancellationToken)
    {
        var state = _datasets.GetOrAdd(dataset, _ => new DatasetState());
        await state.Lock.WaitAsync(cancellationToken);
        return state;
    }

    internal sealed class DatasetState : IDisposable
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public LakeManifestLink? Last { get; set; }

        /// <summary>Leaves the dataset's run; the state itself lives as long as the process.</summary>
        public void Dispose() => Lock.Release();
    }
}

/// <summary>A manifest as the next run links to it.</summary>
internal sealed record LakeManifestLink(string Key, string Sha256, DateTimeOffset CreatedAt);
