using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BakeryOps.Domain.Lake;
using BakeryOps.Infrastructure.Lake.Writing;

namespace BakeryOps.Infrastructure.Lake.Outbox;

/// <summary>A lake dataset fed through <c>lake_outbox</c>: its typed rows wait there as JSON and leave as Parquet.</summary>
public abstract class LakeOutboxDataset
{
    public abstract string Name { get; }

    /// <summary>Writes a batch of waiting entries as one lake run.</summary>
    /// <exception cref="LakeOutboxPayloadException">An entry's payload is not a row of this dataset.</exception>
    internal abstract Task<LakeWriteResult> WriteAsync(
        ILakeWriter writer, IReadOnlyList<LakeOutboxEntry> entries, LakeRun run, CancellationToken cancellationToken);
}

/// <inheritdoc />
public sealed class LakeOutboxDataset<T>(LakeTable<T> table, JsonTypeInfo<T> json) : LakeOutboxDataset
    where T : class
{
    public override string Name => table.Dataset;

    /// <summary>The outbox entry that carries <paramref name="row"/> until the next batch.</summary>
    public LakeOutboxEntry Entry(T row, DateTimeOffset createdAt) =>
        new() { Dataset = Name, PayloadJson = JsonSerializer.Serialize(row, json), CreatedAt = createdAt };

    /// <exception cref="LakeOutboxPayloadException">The payload is not a row of this dataset.</exception>
    public T Read(LakeOutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            return JsonSerializer.Deserialize(entry.PayloadJson, json)
                ?? throw new LakeOutboxPayloadException(entry.Id, Name, "the payload is null");
        }
        catch (JsonException ex)
        {
            throw new LakeOutboxPayloadException(entry.Id, Name, ex.Message, ex);
        }
    }

    internal override Task<LakeWriteResult> WriteAsync(
        ILakeWriter writer, IReadOnlyList<LakeOutboxEntry> entries, LakeRun run, CancellationToken cancellationToken) =>
        writer.WriteAsync(table, [.. entries.Select(Read)], run, cancellationToken);
}
