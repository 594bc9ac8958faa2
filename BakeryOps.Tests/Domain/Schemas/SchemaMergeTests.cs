using BakeryOps.Domain.Schemas;

namespace BakeryOps.Tests.Domain.Schemas;

public sealed class SchemaMergeTests
{
    private static readonly DatasetSchema Latest = new("flow",
    [
        new SchemaField("id", SchemaFieldType.Int64, false),
        new SchemaField("price", SchemaFieldType.Decimal, false, 5, 2),
        new SchemaField("name", SchemaFieldType.String, false, MaxLength: 20),
        new SchemaField("day", SchemaFieldType.Date, false),
    ]);

    [Fact]
    public void Widen_WhenTheBatchIsNarrowerInOneFieldAndAddsAnother_ThenTheLatestTypesStayAndTheNewFieldIsNullable()
    {
        var batch = new DatasetSchema("flow",
        [
            new SchemaField("id", SchemaFieldType.Int32, false),
            new SchemaField("price", SchemaFieldType.Decimal, false, 3, 1),
            new SchemaField("name", SchemaFieldType.String, false, MaxLength: 4),
            new SchemaField("day", SchemaFieldType.Date, false),
            new SchemaField("lot", SchemaFieldType.String, false, MaxLength: 8),
        ]);

        var merged = SchemaMerge.Widen(Latest, batch);

        merged.Fields.Should().Equal(
            new SchemaField("id", SchemaFieldType.Int64, false),
            new SchemaField("price", SchemaFieldType.Decimal, false, 5, 2),
            new SchemaField("name", SchemaFieldType.String, false, MaxLength: 20),
            new SchemaField("day", SchemaFieldType.Date, false),
            new SchemaField("lot", SchemaFieldType.String, true, MaxLength: 8));
        SchemaCompatibility.Check(CompatibilityMode.Backward, merged, [Latest]).Should().BeEmpty();
    }

    [Fact]
    public void Widen_WhenTheBatchIsWiderOrLacksAField_ThenDigitsScaleAndNullabilityCoverBoth()
    {
        var batch = new DatasetSchema("flow",
        [
            new SchemaField("id", SchemaFieldType.Decimal, true, 4, 3),
            new SchemaField("price", SchemaFieldType.Decimal, false, 6, 4),
            new SchemaField("name", SchemaFieldType.String, false, MaxLength: 40),
        ]);

        var merged = SchemaMerge.Widen(Latest, batch);

        merged.Fields.Should().Equal(
            new SchemaField("id", SchemaFieldType.Decimal, true, 22, 3),
            new SchemaField("price", SchemaFieldType.Decimal, false, 7, 4),
            new SchemaField("name", SchemaFieldType.String, false, MaxLength: 40),
            new SchemaField("day", SchemaFieldType.Date, true));
        SchemaCompatibility.Check(CompatibilityMode.Backward, merged, [Latest]).Should().BeEmpty();
    }

    [Fact]
    public void Widen_WhenAKindCannotWiden_ThenTheBatchsKindStaysSoTheCheckRefusesIt()
    {
        var batch = Latest with { Fields = [.. Latest.Fields.Where(f => f.Name != "day"), new SchemaField("day", SchemaFieldType.Timestamp, false)] };

        var merged = SchemaMerge.Widen(Latest, batch);

        merged.Fields.Single(f => f.Name == "day").Type.Should().Be(SchemaFieldType.Timestamp);
        SchemaCompatibility.Check(CompatibilityMode.Backward, merged, [Latest]).Should().ContainSingle().Which.Should().Contain("day");
    }
}
