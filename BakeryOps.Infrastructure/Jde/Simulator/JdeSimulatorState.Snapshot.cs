using System.Text;
using BakeryOps.Infrastructure.Inventory.SampleData;

namespace BakeryOps.Infrastructure.Jde.Simulator;

public sealed partial class JdeSimulatorState
{
    // A small binary format rather than JSON: a million-row ledger saves in well under a second and about 70 bytes a row.
    private static readonly byte[] SnapshotMagic = "JDESIM01"u8.ToArray();

    // Version 2 adds the last journal record the snapshot holds, so loading replays only what came after it.
    private const int SnapshotVersion = 2;

    /// <summary>
    /// Loads the state saved at <paramref name="path"/> (or creates the seeded state when there is no file) and replays
    /// the journal beside it (<c>state.journal</c>) on top. A file that cannot be read throws rather than being replaced,
    /// so posted documents are never silently lost; only a journal record cut short by a crash is dropped, because its
    /// post was never acknowledged.
    /// </summary>
    public static JdeSimulatorState LoadOrCreate(
        string path, BakerySampleData data, TimeProvider clock, JdeSimulatorLedgerOptions? options = null, int generatedRows = 0)
    {
        options ??= JdeSimulatorLedgerOptions.Default;
        var journalPath = JournalPathFor(path);
        var journal = File.Exists(journalPath) ? ReadJournal(journalPath) : null;
        JdeSimulatorState state;
        if (File.Exists(path))
        {
            state = ReadSnapshot(path, data, clock, options);
        }
        else if (journal?.Header is { } header)
        {
            state = RecreateJournalBase(journalPath, header, data, clock, options);
        }
        else
        {
            state = CreateWithGeneratedLedger(data, clock, generatedRows, options);
        }

        state.ReplayJournal(journalPath, journal, snapshotExists: File.Exists(path));
        return state;
    }

    /// <summary>
    /// Writes the whole state to <paramref name="path"/> atomically: a temporary file in the same directory, flushed
    /// to disk, then renamed over the old snapshot, so a crash leaves either the old or the new file. The ledger is
    /// append-only, so only the capture of a consistent point takes the lock; posts and queries go on while it is written.
    /// </summary>
    public async Task SaveSnapshotAsync(string path, CancellationToken cancellationToken = default)
    {
        var view = await CaptureSnapshotAsync(cancellationToken);
        var fullPath = Path.GetFullPath(path);
        var temporary = await Task.Run(() => WriteSnapshotTemporary(fullPath, view, cancellationToken), cancellationToken);
        try
        {
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            DeleteIfExists(temporary);
        }
    }

    /// <summary>
    /// Writes a fresh snapshot and empties the journal. The snapshot is of a point captured under the journal gate;
    /// rows journaled while it was written are carried into the new journal, and rows posted but not yet journaled
    /// are in the snapshot or will be appended by their own save, so nothing acknowledged is lost at any step.
    /// </summary>
    internal async Task CompactAsync(string snapshotPath, string journalPath, CancellationToken cancellationToken, bool replaceExisting = false)
    {
        await _compactionGate.WaitAsync(cancellationToken);
        try
        {
            await _journalGate.WaitAsync(cancellationToken);
            SnapshotView view;
            try
            {
                BindJournal(journalPath, replaceExisting);
                view = Read(CaptureSnapshotView);
            }
            finally
            {
                _journalGate.Release();
            }

            var fullPath = Path.GetFullPath(snapshotPath);
            var temporary = await Task.Run(() => WriteSnapshotTemporary(fullPath, view, cancellationToken), cancellationToken);
            try
            {
                // Past this point the work is done; the short finish must not be abandoned half-way.
                await _journalGate.WaitAsync(CancellationToken.None);
                try
                {
                    // The snapshot goes first: a crash between the two leaves old records that replay skips by sequence.
                    File.Move(temporary, fullPath, overwrite: true);
                    ReplaceJournalAfter(view);
                }
                finally
                {
                    _journalGate.Release();
                }
            }
            finally
            {
                DeleteIfExists(temporary);
            }
        }
        finally
        {
            _compactionGate.Release();
        }
    }

    private void ReplaceJournalAfter(SnapshotView view)
    {
        JournalRecord? carried = null;
        if (_journalSequence > view.JournalSequence)
        {
            // Appends ran while the snapshot was written; they captured later points than the view, so their rows
            // beyond it and their G/L period stay journaled, under the last sequence so replay after this snapshot keeps them.
            carried = Read(() => CaptureJournalRecord(_journalSequence, view.Count, _journaledCount!.Value,
                _journaledGlPeriodOpenFrom!.Value, _journaledCounters));
        }

        var temporary = Path.Combine(Path.GetDirectoryName(_journalPath)!, $".{Path.GetFileName(_journalPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using var buffer = new MemoryStream();
            _journalBase = JournalBaseKind.Snapshot;
            _journalBaseCount = view.Count;
            WriteJournalHeader(buffer);
            if (carried is not null)
            {
                WriteJournalRecord(buffer, carried);
            }

            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, _journalPath!, overwrite: true);
            Volatile.Write(ref _journalLength, buffer.Length);
            Volatile.Write(ref _journalRecords, carried is null ? 0 : 1);
            if (carried is null)
            {
                // Nothing was journaled after the view, so the snapshot is now the latest persisted point.
                _journaledCount = view.Count;
                _journaledGlPeriodOpenFrom = view.GlPeriodOpenFrom;
                _journaledCounters = view.Counters;
            }
        }
        finally
        {
            DeleteIfExists(temporary);
        }
    }

    private static JdeSimulatorState ReadSnapshot(string path, BakerySampleData data, TimeProvider clock, JdeSimulatorLedgerOptions options)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var version = reader.BaseStream.Length >= SnapshotMagic.Length + 4 && reader.ReadBytes(SnapshotMagic.Length).AsSpan().SequenceEqual(SnapshotMagic)
            ? reader.ReadInt32()
            : 0;
        if (version is not (1 or SnapshotVersion))
        {
            throw new InvalidDataException($"{path} is not a JDE simulator snapshot of version 1 or {SnapshotVersion}.");
        }

        var sequence = version >= 2 ? reader.ReadInt64() : 0;
        var startDate = DateOnly.FromDayNumber(reader.ReadInt32());
        var state = new JdeSimulatorState(data, clock, options, startDate)
        {
            _glPeriodOpenFrom = DateOnly.FromDayNumber(reader.ReadInt32()),
            _snapshotSequence = sequence,
        };

        var keyCount = reader.ReadInt32();
        for (var i = 0; i < keyCount; i++)
        {
            var itm = reader.ReadInt32();
            var mcu = reader.ReadString();
            var lot = reader.ReadString();
            if (!data.ItemsByNumber.TryGetValue(itm, out var item) || !state._branches.ContainsKey(mcu))
            {
                throw new InvalidDataException($"{path} holds item {itm} in branch {mcu}, which the sample data does not have.");
            }

            state.KeyFor(item, mcu, lot);
        }

        var strings = new string[reader.ReadInt32()];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = reader.ReadString();
        }

        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var entry = new LedgerEntry(
                Ukid: reader.ReadInt64(),
                QuantityTicks: reader.ReadInt64(),
                CostTicks: reader.ReadInt64(),
                KeyIndex: reader.ReadInt32(),
                Doc: reader.ReadInt32(),
                Batch: reader.ReadInt32(),
                Trdj: DateOnly.FromDayNumber(reader.ReadInt32()),
                Dgl: DateOnly.FromDayNumber(reader.ReadInt32()),
                Crdj: DateOnly.FromDayNumber(reader.ReadInt32()),
                Tday: reader.ReadInt32(),
                Dct: strings[reader.ReadInt32()],
                Explanation: strings[reader.ReadInt32()],
                Posted: reader.ReadBoolean());
            if ((uint)entry.KeyIndex >= (uint)keyCount)
            {
                throw new InvalidDataException($"{path}: ledger row {entry.Ukid} refers to an unknown balance.");
            }

            state.Append(entry);
        }

        return state;
    }

    // Rows below Count are never written again and chunk arrays are never replaced, so the view stays valid unlocked.
    private async Task<SnapshotView> CaptureSnapshotAsync(CancellationToken cancellationToken)
    {
        // Taken under the journal gate so the view's journal sequence names exactly the records it already holds.
        await _journalGate.WaitAsync(cancellationToken);
        try
        {
            return Read(CaptureSnapshotView);
        }
        finally
        {
            _journalGate.Release();
        }
    }

    private SnapshotView CaptureSnapshotView() => new(_journalSequence, _count, [.. _chunks], [.. _keys], _glPeriodOpenFrom,
        new JournalCounters(_nextUkid, _nextDocument, _nextBatch));

    private string WriteSnapshotTemporary(string fullPath, SnapshotView view, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                WriteSnapshot(writer, view, cancellationToken);
            }

            stream.Flush(flushToDisk: true);
            return temporary;
        }
        catch
        {
            DeleteIfExists(temporary);
            throw;
        }
    }

    private void WriteSnapshot(BinaryWriter writer, SnapshotView view, CancellationToken cancellationToken)
    {
        writer.Write(SnapshotMagic);
        writer.Write(SnapshotVersion);
        writer.Write(view.JournalSequence);
        writer.Write(StartDate.DayNumber);
        writer.Write(view.GlPeriodOpenFrom.DayNumber);
        writer.Write(view.Keys.Length);
        foreach (var key in view.Keys)
        {
            writer.Write(key.Item.ShortItemNumber);
            writer.Write(key.Mcu);
            writer.Write(key.Lot);
        }

        var stringIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var strings = new List<string>();
        for (var i = 0; i < view.Count; i++)
        {
            ref readonly var entry = ref view.Entry(i);
            foreach (var text in (ReadOnlySpan<string>)[entry.Dct, entry.Explanation])
            {
                if (stringIndex.TryAdd(text, strings.Count))
                {
                    strings.Add(text);
                }
            }
        }

        writer.Write(strings.Count);
        foreach (var text in strings)
        {
            writer.Write(text);
        }

        writer.Write(view.Count);
        for (var i = 0; i < view.Count; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            ref readonly var entry = ref view.Entry(i);
            writer.Write(entry.Ukid);
            writer.Write(entry.QuantityTicks);
            writer.Write(entry.CostTicks);
            writer.Write(entry.KeyIndex);
            writer.Write(entry.Doc);
            writer.Write(entry.Batch);
            writer.Write(entry.Trdj.DayNumber);
            writer.Write(entry.Dgl.DayNumber);
            writer.Write(entry.Crdj.DayNumber);
            writer.Write(entry.Tday);
            writer.Write(stringIndex[entry.Dct]);
            writer.Write(stringIndex[entry.Explanation]);
            writer.Write(entry.Posted);
        }
    }

    private static void DeleteIfExists(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>A consistent point of the state: the first <see cref="Count"/> rows, the keys they use, the G/L period.</summary>
    private sealed record SnapshotView(
        long JournalSequence, int Count, LedgerEntry[][] Chunks, BalanceKey[] Keys, DateOnly GlPeriodOpenFrom, JournalCounters Counters)
    {
        public ref readonly LedgerEntry Entry(int index) => ref Chunks[index >> ChunkBits][index & (ChunkSize - 1)];
    }
}
