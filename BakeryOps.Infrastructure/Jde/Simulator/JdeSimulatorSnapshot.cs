using System.Threading.Channels;

namespace BakeryOps.Infrastructure.Jde.Simulator;

/// <summary>
/// Where the simulator keeps its state between restarts: <c>{data}/jde-simulator/state.bin</c>, a full snapshot, and
/// <c>state.journal</c> beside it, the posts made since. Saving after a post only appends to the journal;
/// <see cref="CompactAsync"/> (run in the background) folds the journal into a new snapshot.
/// </summary>
public sealed class JdeSimulatorSnapshot(JdeSimulatorState state, string path)
{
    // One pending signal is enough: the compaction service looks at the journal's size, not at how many saves there were.
    private readonly Channel<bool> _appended = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    public string Path => path;

    public string JournalPath { get; } = JdeSimulatorState.JournalPathFor(path);

    /// <summary>Whole records in the journal; compaction brings it back to none (or one, for posts made meanwhile).</summary>
    public int JournalRecords => state.JournalRecords;

    public long JournalBytes => state.JournalLength;

    /// <summary>
    /// Saves after a post: appends what was written since the last save to the journal and flushes it to disk, so the
    /// post survives a restart once this returns. Costs the post's rows, not the ledger's; only the first save of a
    /// state that was not loaded from these files writes them whole.
    /// </summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (await state.AppendJournalAsync(path, JournalPath, cancellationToken))
        {
            _appended.Writer.TryWrite(true);
        }
    }

    /// <summary>Writes a fresh snapshot atomically and empties the journal; posts and saves go on meanwhile.</summary>
    public Task CompactAsync(CancellationToken cancellationToken) => state.CompactAsync(path, JournalPath, cancellationToken);

    /// <summary>Completes when a save has appended to the journal since the last call.</summary>
    public async Task WaitForAppendAsync(CancellationToken cancellationToken) => await _appended.Reader.ReadAsync(cancellationToken);
}
