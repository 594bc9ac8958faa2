using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using BakeryOps.Infrastructure.Inventory.SampleData;

namespace BakeryOps.Infrastructure.Jde.Simulator;

/// <summary>
/// The write-ahead journal beside the snapshot: each save appends only the rows written since the last one (and the
/// G/L period), flushed to disk, so a post costs its own size rather than the ledger's. Compaction folds the journal
/// into a fresh snapshot off the request path.
/// </summary>
public sealed partial class JdeSimulatorState
{
    private static readonly byte[] JournalMagic = "JDEJRN01"u8.ToArray();
    private const int JournalVersion = 1;
    private const int JournalHeaderLength = 29;
    private const int FrameHeaderLength = 8;

    private readonly SemaphoreSlim _journalGate = new(1, 1);
    private readonly SemaphoreSlim _compactionGate = new(1, 1);

    // Everything below changes only under _journalGate; the two counters are also read unlocked by the compaction service.
    private string? _journalPath;
    private long _journalLength = -1;
    private int _journalRecords;
    private long _journalSequence;
    private long _snapshotSequence;
    private int? _journaledCount;
    private DateOnly? _journaledGlPeriodOpenFrom;
    private JournalCounters _journaledCounters;
    private JournalBaseKind _journalBase;
    private int _journalBaseCount;

    /// <summary>Whole records in the journal file (since the last compaction, or as loaded).</summary>
    internal int JournalRecords => Volatile.Read(ref _journalRecords);

    /// <summary>Bytes of whole records (and header) in the journal file; 0 when none was written or read.</summary>
    internal long JournalLength => Math.Max(0, Volatile.Read(ref _journalLength));

    internal static string JournalPathFor(string snapshotPath) => Path.ChangeExtension(Path.GetFullPath(snapshotPath), ".journal");

    /// <summary>
    /// Appends what changed since the last append (rows and G/L period), flushed to disk before it returns. False when
    /// there was nothing to write, for instance because a concurrent save or a compaction already wrote it.
    /// </summary>
    internal async Task<bool> AppendJournalAsync(string snapshotPath, string journalPath, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _journalPath) is null && (File.Exists(snapshotPath) || File.Exists(journalPath)))
        {
            // A state made by Create saved over files it was not loaded from: as before there was a journal, it
            // replaces them whole, once; appending to their journal would mix two histories.
            await CompactAsync(snapshotPath, journalPath, cancellationToken, replaceExisting: true);
            return true;
        }

        await _journalGate.WaitAsync(cancellationToken);
        try
        {
            BindJournal(journalPath);
            var record = Read(PendingJournalRecord);
            if (record is null)
            {
                return false;
            }

            using var stream = new FileStream(_journalPath!, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
            // A failed earlier append may have left part of a record; it was never acknowledged, so it goes.
            if (stream.Length != _journalLength)
            {
                stream.SetLength(_journalLength);
            }

            stream.Position = _journalLength;
            using var buffer = new MemoryStream();
            if (_journalLength == 0)
            {
                WriteJournalHeader(buffer);
            }

            WriteJournalRecord(buffer, record);
            stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            stream.Flush(flushToDisk: true);
            Volatile.Write(ref _journalLength, _journalLength + buffer.Length);
            Interlocked.Increment(ref _journalRecords);
            MarkJournaled(record);
            return true;
        }
        finally
        {
            _journalGate.Release();
        }
    }

    private JournalRecord? PendingJournalRecord()
    {
        if (_journaledCount == _count && _journaledGlPeriodOpenFrom == _glPeriodOpenFrom)
        {
            return null;
        }

        return CaptureJournalRecord(_journalSequence + 1, _journaledCount!.Value, _count, _glPeriodOpenFrom,
            new JournalCounters(_nextUkid, _nextDocument, _nextBatch));
    }

    private JournalRecord CaptureJournalRecord(long sequence, int from, int to, DateOnly glPeriodOpenFrom, JournalCounters counters)
    {
        var entries = new JournalEntry[Math.Max(0, to - from)];
        for (var i = 0; i < entries.Length; i++)
        {
            ref readonly var entry = ref Entry(from + i);
            var key = _keys[entry.KeyIndex];
            entries[i] = new JournalEntry(entry, key.Item.ShortItemNumber, key.Mcu, key.Lot);
        }

        return new JournalRecord(sequence, from, glPeriodOpenFrom, counters, entries);
    }

    private void MarkJournaled(JournalRecord record)
    {
        _journalSequence = record.Sequence;
        _journaledCount = record.FirstIndex + record.Entries.Length;
        _journaledGlPeriodOpenFrom = record.GlPeriodOpenFrom;
        _journaledCounters = record.Counters;
    }

    private void BindJournal(string journalPath, bool replaceExisting = false)
    {
        var fullPath = Path.GetFullPath(journalPath);
        if (_journalPath is not null)
        {
            if (!string.Equals(_journalPath, fullPath, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"This state journals to {_journalPath}, not {fullPath}.");
            }

            return;
        }

        // A state made by Create starts a new journal; appending to one it was not loaded from would mix two histories.
        if (replaceExisting)
        {
            DeleteIfExists(fullPath);
        }
        else if (File.Exists(fullPath) && new FileInfo(fullPath).Length > 0)
        {
            throw new InvalidOperationException($"{fullPath} already holds a journal this state was not loaded from.");
        }

        Volatile.Write(ref _journalPath, fullPath);
        _journalLength = 0;
        _journalBase = JournalBaseKind.Seeded;
        // A state made by Create rather than LoadOrCreate: its generated rows are the base and its posted rows follow it.
        _journalBaseCount = _journaledCount ??= Read(() => _postedEntriesByDocument.Count == 0 ? _count : _postedEntriesByDocument.Values.Min(rows => rows[0]));
    }

    private void ReplayJournal(string journalPath, JournalContents? journal, bool snapshotExists)
    {
        if (journal?.Header is { } header && header.StartDate != StartDate)
        {
            throw new InvalidDataException(
                $"{journalPath} follows a ledger started on {header.StartDate:yyyy-MM-dd}, but the snapshot's started on {StartDate:yyyy-MM-dd}.");
        }

        long previous = 0;
        foreach (var record in journal?.Records ?? [])
        {
            if (record.Sequence <= previous)
            {
                throw new InvalidDataException($"{journalPath}: record {record.Sequence} follows record {previous}.");
            }

            // A record the snapshot already holds is left: compaction renamed the snapshot but did not get to replace the journal.
            if (record.Sequence > _snapshotSequence)
            {
                ApplyJournalRecord(journalPath, record);
            }

            previous = record.Sequence;
        }

        if (journal is { IsTorn: true })
        {
            // Cut off the partial record now, so the next append follows the last whole one.
            using var stream = new FileStream(journalPath, FileMode.Open, FileAccess.Write, FileShare.Read);
            stream.SetLength(journal.ValidLength);
            stream.Flush(flushToDisk: true);
        }

        _journalPath = Path.GetFullPath(journalPath);
        _journalLength = journal?.ValidLength ?? 0;
        _journalRecords = journal?.Records.Count ?? 0;
        _journalSequence = Math.Max(_snapshotSequence, previous);
        _journaledCount = _count;
        _journaledGlPeriodOpenFrom = _glPeriodOpenFrom;
        _journaledCounters = new JournalCounters(_nextUkid, _nextDocument, _nextBatch);
        (_journalBase, _journalBaseCount) = journal?.Header is { } existing ? (existing.Base, existing.BaseCount)
            : snapshotExists ? (JournalBaseKind.Snapshot, _count) : (JournalBaseKind.Seeded, _count);
    }

    private void ApplyJournalRecord(string journalPath, JournalRecord record)
    {
        if (record.FirstIndex > _count)
        {
            throw new InvalidDataException($"{journalPath}: record {record.Sequence} starts at ledger row {record.FirstIndex}, but the ledger has {_count} rows.");
        }

        for (var i = 0; i < record.Entries.Length; i++)
        {
            var (entry, itm, mcu, lot) = record.Entries[i];
            var index = record.FirstIndex + i;
            if (index < _count)
            {
                // Journaled after the snapshot's point was captured but posted before it: the snapshot has the row.
                if (Entry(index).Ukid != entry.Ukid)
                {
                    throw new InvalidDataException($"{journalPath}: record {record.Sequence} has UKID {entry.Ukid} at ledger row {index}, the snapshot {Entry(index).Ukid}.");
                }

                continue;
            }

            if (!_data.ItemsByNumber.TryGetValue(itm, out var item) || !_branches.ContainsKey(mcu))
            {
                throw new InvalidDataException($"{journalPath} holds item {itm} in branch {mcu}, which the sample data does not have.");
            }

            // Keys are made in row order when posting too, so replay gives every new lot the index it had.
            if (KeyFor(item, mcu, lot) != entry.KeyIndex)
            {
                throw new InvalidDataException($"{journalPath}: record {record.Sequence} puts item {itm} lot '{lot}' in {mcu} at balance {entry.KeyIndex}, which the ledger has elsewhere.");
            }

            Append(entry);
        }

        _glPeriodOpenFrom = record.GlPeriodOpenFrom;
        if (new JournalCounters(_nextUkid, _nextDocument, _nextBatch) != record.Counters)
        {
            throw new InvalidDataException($"{journalPath}: after record {record.Sequence} the next UKID/document/batch are {_nextUkid}/{_nextDocument}/{_nextBatch}, the record says {record.Counters}.");
        }
    }

    private static JdeSimulatorState RecreateJournalBase(
        string journalPath, JournalHeader header, BakerySampleData data, TimeProvider clock, JdeSimulatorLedgerOptions options)
    {
        if (header.Base != JournalBaseKind.Seeded)
        {
            throw new InvalidDataException($"{journalPath} follows a snapshot that is missing.");
        }

        if (header.Seed != options.Seed || header.HistoryDays != options.HistoryDays)
        {
            throw new InvalidDataException(
                $"{journalPath} follows a ledger generated with seed {header.Seed} over {header.HistoryDays} days, not {options.Seed} over {options.HistoryDays}.");
        }

        var state = new JdeSimulatorState(data, clock, options, header.StartDate);
        state.Generate(header.BaseCount);
        if (state._count != header.BaseCount)
        {
            throw new InvalidDataException($"{journalPath} follows a generated ledger of {header.BaseCount} rows; it now generates {state._count}.");
        }

        return state;
    }

    private void WriteJournalHeader(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(JournalMagic);
        writer.Write(JournalVersion);
        writer.Write((byte)_journalBase);
        writer.Write(StartDate.DayNumber);
        writer.Write(_journalBaseCount);
        writer.Write(_options.Seed);
        writer.Write(_options.HistoryDays);
    }

    // A frame is length, its complement (so a damaged length is told from a cut one), payload, then SHA-256 of the rest.
    private static void WriteJournalRecord(MemoryStream buffer, JournalRecord record)
    {
        var start = (int)buffer.Length;
        buffer.Position = start;
        buffer.Write(stackalloc byte[FrameHeaderLength]);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(record.Sequence);
            writer.Write(record.FirstIndex);
            writer.Write(record.GlPeriodOpenFrom.DayNumber);
            writer.Write(record.Counters.Ukid);
            writer.Write(record.Counters.Document);
            writer.Write(record.Counters.Batch);
            writer.Write(record.Entries.Length);
            foreach (var (entry, itm, mcu, lot) in record.Entries)
            {
                writer.Write(entry.Ukid);
                writer.Write(entry.QuantityTicks);
                writer.Write(entry.CostTicks);
                writer.Write(entry.KeyIndex);
                writer.Write(itm);
                writer.Write(mcu);
                writer.Write(lot);
                writer.Write(entry.Doc);
                writer.Write(entry.Batch);
                writer.Write(entry.Trdj.DayNumber);
                writer.Write(entry.Dgl.DayNumber);
                writer.Write(entry.Crdj.DayNumber);
                writer.Write(entry.Tday);
                writer.Write(entry.Dct);
                writer.Write(entry.Explanation);
                writer.Write(entry.Posted);
            }
        }

        var length = (int)buffer.Length - start - FrameHeaderLength;
        var frame = buffer.GetBuffer().AsSpan(start, FrameHeaderLength + length);
        BinaryPrimitives.WriteInt32LittleEndian(frame, length);
        BinaryPrimitives.WriteInt32LittleEndian(frame[4..], ~length);
        buffer.Write(SHA256.HashData(frame));
    }

    private static JournalContents ReadJournal(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < JournalHeaderLength || !bytes.AsSpan(0, JournalMagic.Length).SequenceEqual(JournalMagic))
        {
            // Only a crash while the first record was written leaves a short or zero-filled header, and that record was
            // never acknowledged.
            if (IsZero(bytes) || (bytes.Length < JournalHeaderLength && JournalMagic.AsSpan().StartsWith(bytes.AsSpan(0, Math.Min(bytes.Length, JournalMagic.Length)))))
            {
                return new JournalContents(null, [], 0, IsTorn: bytes.Length > 0);
            }

            throw new InvalidDataException($"{path} is not a JDE simulator journal.");
        }

        var header = ReadJournalHeader(path, bytes);
        var records = new List<JournalRecord>();
        var position = JournalHeaderLength;
        while (position < bytes.Length)
        {
            var rest = bytes.AsSpan(position);
            if (rest.Length < FrameHeaderLength)
            {
                break;
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(rest);
            if (BinaryPrimitives.ReadInt32LittleEndian(rest[4..]) != ~length || length <= 0)
            {
                // A file grown before its data reached the disk reads as zeros to its end.
                if (IsZero(rest))
                {
                    break;
                }

                throw new InvalidDataException($"{path}: the journal record at byte {position} has a damaged length.");
            }

            var frameLength = (long)FrameHeaderLength + length + SHA256.HashSizeInBytes;
            if (frameLength > rest.Length)
            {
                break;
            }

            var frame = rest[..(FrameHeaderLength + length)];
            if (!SHA256.HashData(frame).AsSpan().SequenceEqual(rest.Slice(frame.Length, SHA256.HashSizeInBytes)))
            {
                if (frameLength == rest.Length)
                {
                    break;
                }

                throw new InvalidDataException($"{path}: the journal record at byte {position} fails its checksum and is followed by more records.");
            }

            records.Add(DecodeJournalRecord(path, position, bytes, length));
            position += (int)frameLength;
        }

        return new JournalContents(header, records, position, IsTorn: position < bytes.Length);
    }

    private static JournalHeader ReadJournalHeader(string path, byte[] bytes)
    {
        var fields = bytes.AsSpan(JournalMagic.Length, JournalHeaderLength - JournalMagic.Length);
        var version = BinaryPrimitives.ReadInt32LittleEndian(fields);
        var kind = (JournalBaseKind)fields[4];
        var startDay = BinaryPrimitives.ReadInt32LittleEndian(fields[5..]);
        if (version != JournalVersion || !Enum.IsDefined(kind) || startDay < DateOnly.MinValue.DayNumber || startDay > DateOnly.MaxValue.DayNumber)
        {
            throw new InvalidDataException($"{path} is not a JDE simulator journal of version {JournalVersion}.");
        }

        return new JournalHeader(kind, DateOnly.FromDayNumber(startDay), BinaryPrimitives.ReadInt32LittleEndian(fields[9..]),
            BinaryPrimitives.ReadInt32LittleEndian(fields[13..]), BinaryPrimitives.ReadInt32LittleEndian(fields[17..]));
    }

    private static JournalRecord DecodeJournalRecord(string path, int position, byte[] bytes, int length)
    {
        using var stream = new MemoryStream(bytes, position + FrameHeaderLength, length, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            var sequence = reader.ReadInt64();
            var firstIndex = reader.ReadInt32();
            var glPeriodOpenFrom = DateOnly.FromDayNumber(reader.ReadInt32());
            var counters = new JournalCounters(reader.ReadInt64(), reader.ReadInt32(), reader.ReadInt32());
            var count = reader.ReadInt32();
            if (count < 0 || count > length || firstIndex < 0)
            {
                throw new InvalidDataException($"{path}: the journal record at byte {position} has {count} rows from row {firstIndex}.");
            }

            var entries = new JournalEntry[count];
            for (var i = 0; i < count; i++)
            {
                var (ukid, quantity, cost, keyIndex) = (reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt32());
                var (itm, mcu, lot) = (reader.ReadInt32(), reader.ReadString(), reader.ReadString());
                entries[i] = new JournalEntry(
                    new LedgerEntry(ukid, quantity, cost, keyIndex, Doc: reader.ReadInt32(), Batch: reader.ReadInt32(),
                        Trdj: DateOnly.FromDayNumber(reader.ReadInt32()), Dgl: DateOnly.FromDayNumber(reader.ReadInt32()),
                        Crdj: DateOnly.FromDayNumber(reader.ReadInt32()), Tday: reader.ReadInt32(), Dct: reader.ReadString(),
                        Explanation: reader.ReadString(), Posted: reader.ReadBoolean()),
                    itm, mcu, lot);
            }

            if (stream.Position != length)
            {
                throw new InvalidDataException($"{path}: the journal record at byte {position} has {length - stream.Position} bytes left over.");
            }

            return new JournalRecord(sequence, firstIndex, glPeriodOpenFrom, counters, entries);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentOutOfRangeException or FormatException)
        {
            // The checksum matched, so this is a record of another layout rather than a damaged one.
            throw new InvalidDataException($"{path}: the journal record at byte {position} cannot be read.", e);
        }
    }

    private static bool IsZero(ReadOnlySpan<byte> bytes) => bytes.IndexOfAnyExcept((byte)0) < 0;

    private enum JournalBaseKind : byte
    {
        /// <summary>The records follow the generated ledger of the header's start date and row count.</summary>
        Seeded = 0,

        /// <summary>The records follow the snapshot beside the journal.</summary>
        Snapshot = 1,
    }

    private readonly record struct JournalCounters(long Ukid, int Document, int Batch);

    private readonly record struct JournalEntry(LedgerEntry Entry, int Itm, string Mcu, string Lot);

    private sealed record JournalHeader(JournalBaseKind Base, DateOnly StartDate, int BaseCount, int Seed, int HistoryDays);

    private sealed record JournalContents(JournalHeader? Header, List<JournalRecord> Records, int ValidLength, bool IsTorn);

    private sealed record JournalRecord(long Sequence, int FirstIndex, DateOnly GlPeriodOpenFrom, JournalCounters Counters, JournalEntry[] Entries);
}
