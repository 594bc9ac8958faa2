using System.Text;
using BakeryOps.Infrastructure.Inventory.SampleData;

namespace BakeryOps.Infrastructure.Jde.Simulator;

public sealed partial class JdeSimulatorState
{
    // A small binary format rather than JSON: a million-row ledger saves in well under a second and about 70 bytes a row.
    private static readonly byte[] SnapshotMagic = "JDESIM01"u8.ToArray();
    private const int SnapshotVersion = 1;

    /// <summary>
    /// Loads the state saved at <paramref name="path"/>, or creates the seeded state when there is no file. A file
    /// that cannot be read throws rather than being replaced, so posted documents are never silently lost.
    /// </summary>
    public static JdeSimulatorState LoadOrCreate(
        string path, BakerySampleData data, TimeProvider clock, JdeSimulatorLedgerOptions? options = null, int generatedRows = 0)
    {
        options ??= JdeSimulatorLedgerOptions.Default;
        if (!File.Exists(path))
        {
            return CreateWithGeneratedLedger(data, clock, generatedRows, options);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        if (!reader.ReadBytes(SnapshotMagic.Length).AsSpan().SequenceEqual(SnapshotMagic) || reader.ReadInt32() != SnapshotVersion)
        {
            throw new InvalidDataException($"{path} is not a JDE simulator snapshot of version {SnapshotVersion}.");
        }

        var startDate = DateOnly.FromDayNumber(reader.ReadInt32());
        var state = new JdeSimulatorState(data, clock, options, startDate)
        {
            _glPeriodOpenFrom = DateOnly.FromDayNumber(reader.ReadInt32()),
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

    /// <summary>
    /// Writes the whole state to <paramref name="path"/> atomically: a temporary file in the same directory, flushed
    /// to disk, then renamed over the old snapshot, so a crash leaves either the old or the new file. Posts wait
    /// while the ledger is written; queries do not.
    /// </summary>
    public Task SaveSnapshotAsync(string path, CancellationToken cancellationToken = default) =>
        // The reader/writer lock belongs to a thread, so the write runs synchronously on a pool thread.
        Task.Run(() => SaveSnapshot(path, cancellationToken), cancellationToken);

    private void SaveSnapshot(string path, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
                {
                    Read(() =>
                    {
                        WriteSnapshot(writer, cancellationToken);
                        return 0;
                    });
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private void WriteSnapshot(BinaryWriter writer, CancellationToken cancellationToken)
    {
        writer.Write(SnapshotMagic);
        writer.Write(SnapshotVersion);
        writer.Write(StartDate.DayNumber);
        writer.Write(_glPeriodOpenFrom.DayNumber);
        writer.Write(_keys.Count);
        foreach (var key in _keys)
        {
            writer.Write(key.Item.ShortItemNumber);
            writer.Write(key.Mcu);
            writer.Write(key.Lot);
        }

        var stringIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var strings = new List<string>();
        for (var i = 0; i < _count; i++)
        {
            ref readonly var entry = ref Entry(i);
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

        writer.Write(_count);
        for (var i = 0; i < _count; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            ref readonly var entry = ref Entry(i);
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
}
