namespace BakeryOps.Domain.Schemas;

/// <summary>
/// Folds a flow's inferred schema into the dataset's latest version before it is checked, so a batch that happens to
/// hold smaller numbers, shorter strings or no nulls in one field while adding another is not read as a narrowing.
/// </summary>
public static class SchemaMerge
{
    /// <summary>
    /// The latest version's fields in their order, each widened to cover the candidate's (Int32→Int64→Decimal, more
    /// digits or scale, longer strings, nullable when either side is or the candidate lacks it), then the candidate's
    /// new fields as nullable. Fields whose kinds cannot be widened into each other keep the candidate's definition,
    /// so the compatibility check still sees and names the change.
    /// </summary>
    public static DatasetSchema Widen(DatasetSchema latest, DatasetSchema candidate)
    {
        ArgumentNullException.ThrowIfNull(latest);
        ArgumentNullException.ThrowIfNull(candidate);
        var incoming = candidate.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var known = latest.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var fields = new List<SchemaField>(latest.Fields.Count + candidate.Fields.Count);
        foreach (var field in latest.Fields)
        {
            fields.Add(incoming.TryGetValue(field.Name, out var other) ? Widen(field, other) : field with { Nullable = true });
        }

        fields.AddRange(candidate.Fields.Where(f => !known.Contains(f.Name)).Select(f => f with { Nullable = true }));
        return new DatasetSchema(candidate.Dataset, fields);
    }

    private static SchemaField Widen(SchemaField current, SchemaField incoming)
    {
        var nullable = current.Nullable || incoming.Nullable;
        if (current.Type == incoming.Type)
        {
            return current.Type switch
            {
                SchemaFieldType.Decimal => Decimal(current, incoming, nullable),
                SchemaFieldType.String => current with { Nullable = nullable, MaxLength = Max(current.MaxLength, incoming.MaxLength) },
                // Nested shapes keep the registered definition; the JSON text carries whatever the batch holds.
                _ => current with { Nullable = nullable },
            };
        }

        return (current.Type, incoming.Type) switch
        {
            (SchemaFieldType.Int64, SchemaFieldType.Int32) => current with { Nullable = nullable },
            (SchemaFieldType.Int32, SchemaFieldType.Int64) => incoming with { Nullable = nullable },
            (SchemaFieldType.Decimal, SchemaFieldType.Int32) => Decimal(current, incoming with { Precision = 10, Scale = 0 }, nullable),
            (SchemaFieldType.Decimal, SchemaFieldType.Int64) => Decimal(current, incoming with { Precision = 19, Scale = 0 }, nullable),
            (SchemaFieldType.Int32, SchemaFieldType.Decimal) => Decimal(current with { Precision = 10, Scale = 0 }, incoming, nullable),
            (SchemaFieldType.Int64, SchemaFieldType.Decimal) => Decimal(current with { Precision = 19, Scale = 0 }, incoming, nullable),
            _ => incoming with { Nullable = nullable },
        };
    }

    // Enough integer digits and enough scale for both sides.
    private static SchemaField Decimal(SchemaField a, SchemaField b, bool nullable)
    {
        if (a.Precision is not { } pa || b.Precision is not { } pb)
        {
            return a with { Type = SchemaFieldType.Decimal, Nullable = nullable, Precision = null, Scale = null };
        }

        var scale = Math.Max(a.Scale ?? 0, b.Scale ?? 0);
        var digits = Math.Max(pa - (a.Scale ?? 0), pb - (b.Scale ?? 0));
        return a with { Type = SchemaFieldType.Decimal, Nullable = nullable, Precision = Math.Min(38, digits + scale), Scale = scale };
    }

    private static int? Max(int? a, int? b) => a is null || b is null ? null : Math.Max(a.Value, b.Value);
}
