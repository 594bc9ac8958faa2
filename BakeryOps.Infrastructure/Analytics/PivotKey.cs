namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// The values of a group on one axis (typed: text, long, bool, bucket keys), compared by value. <see cref="Other"/>
/// marks a top-N's folded rest at its level.
/// </summary>
internal sealed class PivotKey : IEquatable<PivotKey>
{
    public static readonly object Other = new OtherMarker();
    public static readonly PivotKey Empty = new([]);

    private readonly object?[] _parts;
    private readonly int _hash;

    public PivotKey(object?[] parts)
    {
        _parts = parts;
        var hash = new HashCode();
        foreach (var part in parts)
        {
            hash.Add(part);
        }

        _hash = hash.ToHashCode();
    }

    public int Length => _parts.Length;

    public object? this[int index] => _parts[index];

    public PivotKey Prefix(int length) => length == _parts.Length ? this : length == 0 ? Empty : new PivotKey(_parts[..length]);

    public PivotKey With(int index, object? part)
    {
        var parts = (object?[])_parts.Clone();
        parts[index] = part;
        return new PivotKey(parts);
    }

    public bool Equals(PivotKey? other) =>
        other is not null && other._hash == _hash && other._parts.Length == _parts.Length && _parts.AsSpan().SequenceEqual(other._parts);

    public override bool Equals(object? obj) => Equals(obj as PivotKey);

    public override int GetHashCode() => _hash;

    /// <summary>Orders one part: blanks first, the folded rest last, otherwise by value (text ignoring case, then exactly).</summary>
    public static int ComparePart(object? a, object? b)
    {
        if (ReferenceEquals(a, b) || Equals(a, b))
        {
            return 0;
        }

        if (a == Other || b == Other)
        {
            return a == Other ? 1 : -1;
        }

        if (a is null || b is null)
        {
            return a is null ? -1 : 1;
        }

        return (a, b) switch
        {
            (string x, string y) => StringComparer.OrdinalIgnoreCase.Compare(x, y) is var c && c != 0 ? c : string.CompareOrdinal(x, y),
            (IComparable x, _) when a.GetType() == b.GetType() => x.CompareTo(b),
            _ => string.CompareOrdinal(a.ToString(), b.ToString()),
        };
    }

    private sealed class OtherMarker
    {
        public override string ToString() => Domain.Analytics.PivotResult.OtherLabel;
    }
}
