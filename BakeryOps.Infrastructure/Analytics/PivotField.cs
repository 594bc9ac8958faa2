using BakeryOps.Domain.Analytics;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// One whitelisted field of a dataset: the SQL expression it reads (written here, never taken from a caller), its
/// type, the join it needs, and for stored enum names the codes callers see and filter by.
/// </summary>
public sealed record PivotField
{
    public required string Name { get; init; }
    public required string Label { get; init; }
    public required PivotFieldType Type { get; init; }

    /// <summary>The expression on PostgreSQL.</summary>
    public required string PostgresSql { get; init; }

    /// <summary>The expression on SQLite (instants are UTC ticks, decimals millionths there).</summary>
    public required string SqliteSql { get; init; }

    /// <summary>The alias of the join the expression reads, or null for the dataset's own table.</summary>
    public string? Join { get; init; }

    /// <summary>Stored enum name → the code callers see (USAGE for Usage); null for plain values.</summary>
    public IReadOnlyDictionary<string, string>? Codes { get; init; }

    /// <summary>Decimals (Number) cannot be row or column fields: every value would be its own group.</summary>
    public bool Groupable => Type is not PivotFieldType.Number;

    public IReadOnlyList<string> Aggregates => Type switch
    {
        PivotFieldType.Number or PivotFieldType.Integer => Domain.Analytics.Aggregates.All,
        PivotFieldType.Instant or PivotFieldType.Date or PivotFieldType.Text =>
            [Domain.Analytics.Aggregates.Count, Domain.Analytics.Aggregates.CountDistinct, Domain.Analytics.Aggregates.Min, Domain.Analytics.Aggregates.Max],
        _ => [Domain.Analytics.Aggregates.Count, Domain.Analytics.Aggregates.CountDistinct],
    };

    public bool IsDate => Type is PivotFieldType.Instant or PivotFieldType.Date;

    public string Sql(bool postgres) => postgres ? PostgresSql : SqliteSql;

    /// <summary>The code shown for a stored value.</summary>
    public object? Shown(object? stored) =>
        Codes is not null && stored is string text && Codes.TryGetValue(text, out var code) ? code : stored;

    /// <summary>The stored value for a code or stored name a caller gave (any case), or null when it is neither.</summary>
    public string? Stored(string given)
    {
        foreach (var (stored, code) in Codes!)
        {
            if (string.Equals(given, code, StringComparison.OrdinalIgnoreCase) || string.Equals(given, stored, StringComparison.OrdinalIgnoreCase))
            {
                return stored;
            }
        }

        return null;
    }
}

/// <summary>A join a dataset may need: its alias and the clause (read by fields naming the alias).</summary>
public sealed record PivotJoin(string Alias, string Clause);

/// <summary>A dataset: its table, optional joins, main date and fields.</summary>
public sealed record PivotDataset(
    string Name, string Label, string Description, string From, string? MainDate, IReadOnlyList<PivotJoin> Joins, IReadOnlyList<PivotField> Fields)
{
    public PivotField? Find(string? name) =>
        name is null ? null : Fields.FirstOrDefault(f => string.Equals(f.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    public PivotDatasetInfo Info => new(Name, Label, Description, MainDate,
        [.. Fields.Select(f => new PivotFieldInfo(f.Name, f.Label, f.Type, f.Aggregates, f.Groupable, f.Name == MainDate))]);
}
