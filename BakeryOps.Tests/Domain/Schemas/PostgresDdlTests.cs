using BakeryOps.Domain.Schemas;

namespace BakeryOps.Tests.Domain.Schemas;

/// <summary>The text of the DDL; that it runs is proven on PostgreSQL in the registry tests.</summary>
public sealed class PostgresDdlTests
{
    [Fact]
    public void CreateTable_WhenNamesNeedQuoting_ThenEveryIdentifierIsQuotedWithQuotesDoubled()
    {
        var schema = new DatasetSchema("flow",
        [
            new SchemaField("Order", SchemaFieldType.Int32, Nullable: false),
            new SchemaField("has\"quote", SchemaFieldType.String, Nullable: true, MaxLength: 5),
            new SchemaField("qty", SchemaFieldType.Decimal, Nullable: false, Precision: 18, Scale: 4),
        ]);

        PostgresDdl.CreateTable(schema, "lake").Should().Be(
            "CREATE TABLE \"lake\".\"flow\" (\n    \"Order\" integer NOT NULL,\n    \"has\"\"quote\" text,\n    \"qty\" numeric(18,4) NOT NULL\n);");
    }

    [Fact]
    public void AlterTable_WhenARequiredFieldIsAdded_ThenTheColumnIsAddedWithoutNotNull()
    {
        var before = new DatasetSchema("flow", [new SchemaField("id", SchemaFieldType.Int32, Nullable: false)]);
        var after = new DatasetSchema("flow", [.. before.Fields, new SchemaField("lot", SchemaFieldType.String, Nullable: false)]);

        PostgresDdl.AlterTable(before, after).Should().Be("ALTER TABLE \"flow\"\n    ADD COLUMN \"lot\" text;");
    }

    [Fact]
    public void AlterTable_WhenAColumnWidensAndBecomesNullable_ThenItsTypeIsAlteredAndNotNullDropped()
    {
        var before = new DatasetSchema("flow", [new SchemaField("id", SchemaFieldType.Int32, Nullable: false)]);
        var after = new DatasetSchema("flow", [new SchemaField("id", SchemaFieldType.Int64, Nullable: true)]);

        PostgresDdl.AlterTable(before, after).Should().Be("ALTER TABLE \"flow\"\n    ALTER COLUMN \"id\" TYPE bigint,\n    ALTER COLUMN \"id\" DROP NOT NULL;");
    }

    [Fact]
    public void AlterTable_WhenNothingWasAdded_ThenItIsEmpty()
    {
        var schema = new DatasetSchema("flow", [new SchemaField("id", SchemaFieldType.Int32, Nullable: false)]);

        PostgresDdl.AlterTable(schema, schema with { Fields = [new SchemaField("id", SchemaFieldType.Int32, Nullable: false)] }).Should().BeEmpty();
    }

    [Fact]
    public void Quote_WhenTheNameIsEmpty_ThenItThrows()
    {
        var act = () => PostgresDdl.Quote("");

        act.Should().Throw<ArgumentException>();
    }
}
