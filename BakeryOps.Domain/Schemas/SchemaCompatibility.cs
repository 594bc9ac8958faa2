namespace BakeryOps.Domain.Schemas;

/// <summary>Confluent Schema Registry's compatibility rules applied to lake schemas.</summary>
/// <remarks>
/// Everything reduces to "can a reader with schema R read data written with schema W": every field R has must be in
/// W or be nullable (null is the default a reader fills in); a nullable W field may not be required in R; and W's type
/// must be R's or promote to it: Int32 → Int64 → Decimal, a Decimal to one with no fewer integer digits and no smaller
/// scale, any String to any String (the lake does not enforce a length), objects and array elements field by field.
/// Fields W has and R has not are skipped by the reader. Date → Timestamp is not a promotion: a date has no instant.
/// Integer → Decimal is allowed whatever the decimal's precision, as Avro allows int → double; values that would not
/// fit are the flow's to avoid. BACKWARD: the candidate reads the previous; FORWARD: the previous reads the candidate.
/// </remarks>
public static class SchemaCompatibility
{
    /// <summary>
    /// The reasons <paramref name="candidate"/> is incompatible with <paramref name="previous"/> (oldest first) under the
    /// mode; empty when compatible. Reasons call <c>previous[i]</c> "version i+1", which is the version number when
    /// <paramref name="previous"/> holds every version from the first.
    /// </summary>
    public static IReadOnlyList<string> Check(CompatibilityMode mode, DatasetSchema candidate, IReadOnlyList<DatasetSchema> previous)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(previous);
        if (mode == CompatibilityMode.None || previous.Count == 0)
        {
            return [];
        }

        var transitive = mode is CompatibilityMode.BackwardTransitive or CompatibilityMode.ForwardTransitive or CompatibilityMode.FullTransitive;
        var backward = mode is CompatibilityMode.Backward or CompatibilityMode.BackwardTransitive or CompatibilityMode.Full or CompatibilityMode.FullTransitive;
        var forward = mode is CompatibilityMode.Forward or CompatibilityMode.ForwardTransitive or CompatibilityMode.Full or CompatibilityMode.FullTransitive;
        var reasons = new List<string>();
        for (var index = transitive ? 0 : previous.Count - 1; index < previous.Count; index++)
        {
            var version = $"version {index + 1}";
            if (backward)
            {
                CanRead(previous[index].Fields, candidate.Fields, new Direction(Backward: true, version), "", reasons);
            }

            if (forward)
            {
                CanRead(candidate.Fields, previous[index].Fields, new Direction(Backward: false, version), "", reasons);
            }
        }

        return reasons.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// True when data inferred as <paramref name="candidate"/> is also valid under <paramref name="current"/>: every
    /// value fits the current field's type (strings within its MaxLength), nulls only where the current schema allows
    /// them, and no field the current schema lacks. Such data can be written under the current version without registering a narrower one.
    /// </summary>
    public static bool FitsWithin(DatasetSchema candidate, DatasetSchema current)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(current);
        var reasons = new List<string>();
        var direction = new Direction(Backward: true, "the current version");
        CanRead(candidate.Fields, current.Fields, direction, "", reasons);
        return reasons.Count == 0 && HasNoExtraFields(candidate.Fields, current.Fields);
    }

    /// <summary>Which way a check runs, to say it in the reason: BACKWARD means the new schema reads the old data.</summary>
    private sealed record Direction(bool Backward, string Version);

    private static void CanRead(IReadOnlyList<SchemaField> written, IReadOnlyList<SchemaField> reader, Direction direction, string path, List<string> reasons)
    {
        var writtenByName = Index(written);
        foreach (var readerField in reader)
        {
            var name = path + readerField.Name;
            if (!writtenByName.TryGetValue(readerField.Name, out var writtenField))
            {
                if (!readerField.Nullable)
                {
                    reasons.Add(direction.Backward
                        ? $"Field '{name}' was added as required: data written with {direction.Version} has no value for it (add it as nullable)."
                        : $"Field '{name}' was removed, but {direction.Version} requires it.");
                }

                continue;
            }

            CanReadField(writtenField, readerField, direction, name, reasons);
        }
    }

    private static void CanReadField(SchemaField written, SchemaField reader, Direction direction, string name, List<string> reasons)
    {
        var (before, after) = direction.Backward ? (written, reader) : (reader, written);
        if (written.Nullable && !reader.Nullable)
        {
            reasons.Add(direction.Backward
                ? $"Field '{name}' changed from nullable to required: data written with {direction.Version} may hold nulls."
                : $"Field '{name}' changed from required to nullable: {direction.Version} requires a value.");
        }

        if (!Promotes(written, reader))
        {
            reasons.Add(direction.Backward
                ? $"Field '{name}' changed type from {Describe(before)} to {Describe(after)}, which cannot read the values of {direction.Version}."
                : $"Field '{name}' changed type from {Describe(before)} to {Describe(after)}, which {direction.Version} cannot read.");
            return;
        }

        switch (reader.Type)
        {
            case SchemaFieldType.Object when written.Type == SchemaFieldType.Object:
                CanRead(written.Fields ?? [], reader.Fields ?? [], direction, name + ".", reasons);
                break;
            case SchemaFieldType.Array when written.Items is { } writtenItems && reader.Items is { } readerItems:
                CanReadField(writtenItems, readerItems, direction, name + "[]", reasons);
                break;
        }
    }

    private static bool Promotes(SchemaField written, SchemaField reader) => (written.Type, reader.Type) switch
    {
        (SchemaFieldType.Decimal, SchemaFieldType.Decimal) => DecimalWidens(written, reader),
        var (w, r) when w == r => true,
        (SchemaFieldType.Int32, SchemaFieldType.Int64) => true,
        (SchemaFieldType.Int32 or SchemaFieldType.Int64, SchemaFieldType.Decimal) => true,
        _ => false,
    };

    /// <summary>The reader keeps every integer digit and every fractional digit; an unknown precision holds anything.</summary>
    private static bool DecimalWidens(SchemaField written, SchemaField reader)
    {
        if (reader.Precision is null)
        {
            return true;
        }

        if (written.Precision is null)
        {
            return false;
        }

        var (writtenScale, readerScale) = (written.Scale ?? 0, reader.Scale ?? 0);
        return readerScale >= writtenScale && reader.Precision - readerScale >= written.Precision - writtenScale;
    }

    /// <summary>No field the current schema lacks and no string longer than its MaxLength, at any depth.</summary>
    private static bool HasNoExtraFields(IReadOnlyList<SchemaField> candidate, IReadOnlyList<SchemaField> current)
    {
        var currentByName = Index(current);
        return candidate.All(field => currentByName.TryGetValue(field.Name, out var match) && FieldFits(field, match));
    }

    private static bool FieldFits(SchemaField candidate, SchemaField current) => (candidate.Type, current.Type) switch
    {
        (SchemaFieldType.String, SchemaFieldType.String) =>
            current.MaxLength is null || (candidate.MaxLength is { } length && length <= current.MaxLength),
        (SchemaFieldType.Object, SchemaFieldType.Object) => HasNoExtraFields(candidate.Fields ?? [], current.Fields ?? []),
        (SchemaFieldType.Array, SchemaFieldType.Array) =>
            candidate.Items is null || (current.Items is { } items && FieldFits(candidate.Items, items)),
        _ => true,
    };

    private static Dictionary<string, SchemaField> Index(IReadOnlyList<SchemaField> fields)
    {
        var byName = new Dictionary<string, SchemaField>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            byName.TryAdd(field.Name, field);
        }

        return byName;
    }

    internal static string Describe(SchemaField field) => field.Type switch
    {
        SchemaFieldType.Decimal when field.Precision is { } p => $"Decimal({p},{field.Scale ?? 0})",
        SchemaFieldType.Array when field.Items is { } items => $"Array<{Describe(items)}>",
        _ => field.Type.ToString(),
    };
}
