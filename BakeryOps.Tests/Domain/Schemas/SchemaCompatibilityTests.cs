using BakeryOps.Domain.Schemas;

namespace BakeryOps.Tests.Domain.Schemas;

/// <summary>
/// Every mode against every kind of change, as Confluent Schema Registry decides: BACKWARD, the new schema reads the
/// old data; FORWARD, the old schema reads the new data; FULL, both; NONE, anything.
/// </summary>
public sealed class SchemaCompatibilityTests
{
    private static readonly DatasetSchema Base = new("flow",
    [
        new SchemaField("id", SchemaFieldType.Int32, Nullable: false),
        new SchemaField("name", SchemaFieldType.String, Nullable: true, MaxLength: 10),
        new SchemaField("qty", SchemaFieldType.Decimal, Nullable: false, Precision: 10, Scale: 2),
        new SchemaField("day", SchemaFieldType.Date, Nullable: false),
        new SchemaField("item", SchemaFieldType.Object, Nullable: false, Fields: [new SchemaField("grams", SchemaFieldType.Int32, Nullable: false)]),
        new SchemaField("tags", SchemaFieldType.Array, Nullable: false, Items: new SchemaField("item", SchemaFieldType.Int32, Nullable: false)),
    ]);

    /// <summary>Each change to <see cref="Base"/>: the field its reasons name, and whether BACKWARD and FORWARD accept it.</summary>
    private static readonly (string Change, Func<DatasetSchema> Candidate, string Field, bool Backward, bool Forward)[] Changes =
    [
        ("nothing", () => Base, "", true, true),
        ("add a nullable field", () => Add(new SchemaField("note", SchemaFieldType.String, Nullable: true)), "note", true, true),
        ("add a required field", () => Add(new SchemaField("lot", SchemaFieldType.String, Nullable: false)), "lot", false, true),
        ("remove a nullable field", () => Remove("name"), "name", true, true),
        ("remove a required field", () => Remove("day"), "day", true, false),
        ("widen Int32 to Int64", () => Replace(new SchemaField("id", SchemaFieldType.Int64, Nullable: false)), "id", true, false),
        ("widen Int32 to Decimal", () => Replace(new SchemaField("id", SchemaFieldType.Decimal, Nullable: false, Precision: 12, Scale: 2)), "id", true, false),
        ("raise the decimal precision", () => Replace(new SchemaField("qty", SchemaFieldType.Decimal, Nullable: false, Precision: 12, Scale: 2)), "qty", true, false),
        ("raise decimal precision and scale", () => Replace(new SchemaField("qty", SchemaFieldType.Decimal, Nullable: false, Precision: 12, Scale: 4)), "qty", true, false),
        ("lower the decimal scale", () => Replace(new SchemaField("qty", SchemaFieldType.Decimal, Nullable: false, Precision: 10, Scale: 1)), "qty", false, false),
        ("narrow Decimal to Int32", () => Replace(new SchemaField("qty", SchemaFieldType.Int32, Nullable: false)), "qty", false, true),
        ("change a string's max length", () => Replace(new SchemaField("name", SchemaFieldType.String, Nullable: true, MaxLength: 500)), "name", true, true),
        ("change Date to Timestamp", () => Replace(new SchemaField("day", SchemaFieldType.Timestamp, Nullable: false)), "day", false, false),
        ("change Int32 to String", () => Replace(new SchemaField("id", SchemaFieldType.String, Nullable: false)), "id", false, false),
        ("make a required field nullable", () => Replace(new SchemaField("id", SchemaFieldType.Int32, Nullable: true)), "id", true, false),
        ("make a nullable field required", () => Replace(new SchemaField("name", SchemaFieldType.String, Nullable: false, MaxLength: 10)), "name", false, true),
        ("add a required nested field", () => Replace(new SchemaField("item", SchemaFieldType.Object, Nullable: false, Fields:
            [new SchemaField("grams", SchemaFieldType.Int32, Nullable: false), new SchemaField("slices", SchemaFieldType.Int32, Nullable: false)])), "item.slices", false, true),
        ("widen array elements", () => Replace(new SchemaField("tags", SchemaFieldType.Array, Nullable: false, Items: new SchemaField("item", SchemaFieldType.Int64, Nullable: false))), "tags[]", true, false),
    ];

    public static TheoryData<string, CompatibilityMode, bool> Cases()
    {
        var data = new TheoryData<string, CompatibilityMode, bool>();
        foreach (var (change, _, _, backward, forward) in Changes)
        {
            foreach (var mode in Enum.GetValues<CompatibilityMode>())
            {
                data.Add(change, mode, mode switch
                {
                    CompatibilityMode.Backward or CompatibilityMode.BackwardTransitive => backward,
                    CompatibilityMode.Forward or CompatibilityMode.ForwardTransitive => forward,
                    CompatibilityMode.Full or CompatibilityMode.FullTransitive => backward && forward,
                    _ => true,
                });
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_WhenTheSchemaChanges_ThenEachModeAcceptsOrRefusesAsConfluentDoesAndNamesTheField(string change, CompatibilityMode mode, bool accepted)
    {
        var (_, candidate, field, _, _) = Changes.Single(c => c.Change == change);

        var reasons = SchemaCompatibility.Check(mode, candidate(), [Base]);

        if (accepted)
        {
            reasons.Should().BeEmpty();
        }
        else
        {
            reasons.Should().NotBeEmpty().And.OnlyContain(r => r.Contains($"'{field}'", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(CompatibilityMode.Backward, true)]
    [InlineData(CompatibilityMode.BackwardTransitive, false)]
    [InlineData(CompatibilityMode.Forward, true)]
    [InlineData(CompatibilityMode.ForwardTransitive, false)]
    [InlineData(CompatibilityMode.Full, true)]
    [InlineData(CompatibilityMode.FullTransitive, false)]
    [InlineData(CompatibilityMode.None, true)]
    public void Check_WhenOnlyAnOlderVersionConflicts_ThenOnlyTheTransitiveModesRefuse(CompatibilityMode mode, bool accepted)
    {
        // v1 had 'extra' as a nullable Int32, v2 dropped it; re-adding it as a string is fine against v2 alone.
        var v1 = new DatasetSchema("flow", [Id, new SchemaField("extra", SchemaFieldType.Int32, Nullable: true)]);
        var v2 = new DatasetSchema("flow", [Id]);
        var candidate = new DatasetSchema("flow", [Id, new SchemaField("extra", SchemaFieldType.String, Nullable: true)]);

        var reasons = SchemaCompatibility.Check(mode, candidate, [v1, v2]);

        if (accepted)
        {
            reasons.Should().BeEmpty();
        }
        else
        {
            reasons.Should().NotBeEmpty().And.OnlyContain(r =>
                r.Contains("'extra'", StringComparison.Ordinal) && r.Contains("version 1", StringComparison.Ordinal)
                && r.Contains("Int32", StringComparison.Ordinal) && r.Contains("String", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Check_WhenThereIsNoEarlierVersion_ThenEveryModeAccepts()
    {
        Enum.GetValues<CompatibilityMode>().Should().OnlyContain(mode => SchemaCompatibility.Check(mode, Base, Array.Empty<DatasetSchema>()).Count == 0);
    }

    [Fact]
    public void FitsWithin_WhenTheDataIsNarrowerThanTheCurrentVersion_ThenItFitsAndWiderDataDoesNot()
    {
        var narrower = new DatasetSchema("flow",
        [
            new SchemaField("id", SchemaFieldType.Int32, Nullable: false),
            new SchemaField("name", SchemaFieldType.String, Nullable: false, MaxLength: 4),
            new SchemaField("qty", SchemaFieldType.Decimal, Nullable: false, Precision: 5, Scale: 1),
            new SchemaField("day", SchemaFieldType.Date, Nullable: false),
            new SchemaField("item", SchemaFieldType.Object, Nullable: false, Fields: []),
            new SchemaField("tags", SchemaFieldType.Array, Nullable: false),
        ]);

        SchemaCompatibility.FitsWithin(narrower, Base).Should().BeFalse("item.grams is required by the current version");
        var fits = narrower with { Fields = [.. narrower.Fields.Take(4), Base.Fields[4], narrower.Fields[5]] };
        SchemaCompatibility.FitsWithin(fits, Base).Should().BeTrue();
        SchemaCompatibility.FitsWithin(Add(new SchemaField("note", SchemaFieldType.String, Nullable: true)), Base).Should().BeFalse("a new field needs a version");
        SchemaCompatibility.FitsWithin(Replace(new SchemaField("name", SchemaFieldType.String, Nullable: true, MaxLength: 11)), Base).Should().BeFalse("a longer string needs a version");
        SchemaCompatibility.FitsWithin(Replace(new SchemaField("id", SchemaFieldType.Int32, Nullable: true)), Base).Should().BeFalse("a null needs a version");
    }

    private static SchemaField Id => new("id", SchemaFieldType.Int32, Nullable: false);

    private static DatasetSchema Add(SchemaField field) => Base with { Fields = [.. Base.Fields, field] };

    private static DatasetSchema Remove(string name) => Base with { Fields = [.. Base.Fields.Where(f => f.Name != name)] };

    private static DatasetSchema Replace(SchemaField field) => Base with { Fields = [.. Base.Fields.Select(f => f.Name == field.Name ? field : f)] };
}
