namespace BakeryOps.Domain.Schemas;

/// <summary>What changed between two schemas of a dataset.</summary>
public sealed record SchemaDifference(
    IReadOnlyList<SchemaField> Added,
    IReadOnlyList<SchemaField> Removed,
    IReadOnlyList<SchemaFieldChange> Changed)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0;
}

public sealed record SchemaFieldChange(string Name, SchemaField Before, SchemaField After);

/// <summary>Compares the top-level fields of two schemas by name; a field whose nested members changed counts as changed.</summary>
public static class SchemaDiff
{
    /// <summary>Added in <paramref name="to"/>'s order, removed in <paramref name="from"/>'s order, changed in <paramref name="to"/>'s order.</summary>
    public static SchemaDifference Compare(DatasetSchema from, DatasetSchema to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var before = ByName(from.Fields);
        var after = ByName(to.Fields);
        var added = to.Fields.Where(f => !before.ContainsKey(f.Name)).ToList();
        var removed = from.Fields.Where(f => !after.ContainsKey(f.Name)).ToList();

        // SchemaField holds lists, which records compare by reference: compare the canonical JSON instead.
        var changed = to.Fields
            .Where(f => before.TryGetValue(f.Name, out var old) && SchemaJson.SerializeField(old) != SchemaJson.SerializeField(f))
            .Select(f => new SchemaFieldChange(f.Name, before[f.Name], f))
            .ToList();
        return new SchemaDifference(added, removed, changed);
    }

    private static Dictionary<string, SchemaField> ByName(IReadOnlyList<SchemaField> fields)
    {
        var byName = new Dictionary<string, SchemaField>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            byName.TryAdd(field.Name, field);
        }

        return byName;
    }
}
