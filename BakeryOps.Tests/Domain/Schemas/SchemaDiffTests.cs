using BakeryOps.Domain.Schemas;

namespace BakeryOps.Tests.Domain.Schemas;

public sealed class SchemaDiffTests
{
    private static readonly DatasetSchema Before = new("flow",
    [
        new SchemaField("id", SchemaFieldType.Int32, Nullable: false),
        new SchemaField("name", SchemaFieldType.String, Nullable: true, MaxLength: 10),
        new SchemaField("gone", SchemaFieldType.Date, Nullable: true),
        new SchemaField("item", SchemaFieldType.Object, Nullable: false, Fields: [new SchemaField("a", SchemaFieldType.Int32, Nullable: false)]),
    ]);

    [Fact]
    public void Compare_WhenFieldsAreAddedRemovedAndChanged_ThenEachIsListedByName()
    {
        var after = new DatasetSchema("flow",
        [
            new SchemaField("id", SchemaFieldType.Int64, Nullable: false),
            new SchemaField("name", SchemaFieldType.String, Nullable: true, MaxLength: 10),
            new SchemaField("item", SchemaFieldType.Object, Nullable: false, Fields: [new SchemaField("a", SchemaFieldType.Int32, Nullable: true)]),
            new SchemaField("added", SchemaFieldType.Boolean, Nullable: true),
        ]);

        var difference = SchemaDiff.Compare(Before, after);

        difference.Added.Select(f => f.Name).Should().Equal("added");
        difference.Removed.Select(f => f.Name).Should().Equal("gone");
        difference.Changed.Select(c => c.Name).Should().Equal("id", "item");
        difference.Changed[0].Before.Type.Should().Be(SchemaFieldType.Int32);
        difference.Changed[0].After.Type.Should().Be(SchemaFieldType.Int64);
        difference.IsEmpty.Should().BeFalse();
    }

    [Fact]
    public void Compare_WhenTheSchemasAreEqualButNotTheSameInstances_ThenTheDifferenceIsEmpty()
    {
        var copy = SchemaJson.Deserialize(SchemaJson.Serialize(Before));

        SchemaDiff.Compare(Before, copy).IsEmpty.Should().BeTrue();
    }
}
