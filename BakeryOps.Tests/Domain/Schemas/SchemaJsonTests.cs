using BakeryOps.Domain.Schemas;
using static BakeryOps.Tests.Domain.Schemas.SchemaInferenceTests;

namespace BakeryOps.Tests.Domain.Schemas;

/// <summary>The canonical JSON is stable byte for byte, so its fingerprint decides whether a schema changed.</summary>
public sealed class SchemaJsonTests
{
    internal static readonly DatasetSchema EveryType = new("every_type",
    [
        new SchemaField("flag", SchemaFieldType.Boolean, Nullable: false),
        new SchemaField("count", SchemaFieldType.Int32, Nullable: true),
        new SchemaField("big", SchemaFieldType.Int64, Nullable: false),
        new SchemaField("qty", SchemaFieldType.Decimal, Nullable: false, Precision: 18, Scale: 4),
        new SchemaField("name", SchemaFieldType.String, Nullable: true, MaxLength: 40),
        new SchemaField("day", SchemaFieldType.Date, Nullable: false),
        new SchemaField("at", SchemaFieldType.Timestamp, Nullable: false),
        new SchemaField("attributes", SchemaFieldType.Object, Nullable: true, Fields:
        [
            new SchemaField("grams", SchemaFieldType.Int32, Nullable: false),
            new SchemaField("empty", SchemaFieldType.Object, Nullable: false, Fields: []),
        ]),
        new SchemaField("tags", SchemaFieldType.Array, Nullable: false, Items: new SchemaField("item", SchemaFieldType.String, Nullable: false, MaxLength: 8)),
        new SchemaField("unknown_items", SchemaFieldType.Array, Nullable: true),
    ]);

    [Fact]
    public void Serialize_WhenASchemaIsWritten_ThenTheJsonIsCompactCamelCaseWithEnumsAsStrings()
    {
        var schema = new DatasetSchema("flow",
        [
            new SchemaField("qty", SchemaFieldType.Decimal, Nullable: false, Precision: 10, Scale: 2),
            new SchemaField("tags", SchemaFieldType.Array, Nullable: true, Items: new SchemaField("item", SchemaFieldType.String, Nullable: false, MaxLength: 3)),
        ]);

        SchemaJson.Serialize(schema).Should().Be(
            """{"dataset":"flow","fields":[{"name":"qty","type":"decimal","nullable":false,"precision":10,"scale":2},"""
            + """{"name":"tags","type":"array","nullable":true,"items":{"name":"item","type":"string","nullable":false,"maxLength":3}}]}""");
    }

    [Fact]
    public void Deserialize_WhenTheJsonWasSerialized_ThenTheSameSchemaComesBack()
    {
        var json = SchemaJson.Serialize(EveryType);

        var back = SchemaJson.Deserialize(json);

        SchemaJson.Serialize(back).Should().Be(json);
        SchemaJson.Fingerprint(back).Should().Be(SchemaJson.Fingerprint(EveryType));
        back.Fields[7].Fields![1].Fields.Should().BeEmpty("an empty object stays an object with no fields");
        back.Fields[9].Items.Should().BeNull();
    }

    [Fact]
    public void Deserialize_WhenTheJsonIsNotASchema_ThenItThrowsFormatException()
    {
        var act = () => SchemaJson.Deserialize("""{"dataset":"flow","fields":[{"name":"x","type":"uuid","nullable":false}]}""");

        act.Should().Throw<FormatException>().WithMessage("*'x'*uuid*");
    }

    [Fact]
    public void Fingerprint_WhenComputed_ThenItIsLowerCaseHexSha256()
    {
        SchemaJson.Fingerprint(EveryType).Should().MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public void Fingerprint_WhenRecordsListTheirPropertiesInAnotherOrder_ThenItIsTheSame()
    {
        var one = SchemaInference.Infer("flow", [Record(("id", 1), ("name", "rye"), ("item", new Dictionary<string, object?> { ["a"] = 1, ["b"] = true }))]);
        var other = SchemaInference.Infer("flow", [Record(("item", new Dictionary<string, object?> { ["b"] = false, ["a"] = 2 }), ("name", "oat"), ("id", 9))]);

        SchemaJson.Fingerprint(other).Should().Be(SchemaJson.Fingerprint(one));
        SchemaJson.Serialize(other).Should().NotBe(SchemaJson.Serialize(one), "the stored JSON keeps the column order");
    }

    [Fact]
    public void Fingerprint_WhenAnythingChanges_ThenItDiffers()
    {
        var fingerprint = SchemaJson.Fingerprint(EveryType);
        var variants = new[]
        {
            EveryType with { Dataset = "other" },
            EveryType with { Fields = [.. EveryType.Fields.Take(9)] },
            EveryType with { Fields = [EveryType.Fields[0] with { Nullable = true }, .. EveryType.Fields.Skip(1)] },
            EveryType with { Fields = [.. EveryType.Fields.Take(3), EveryType.Fields[3] with { Scale = 5 }, .. EveryType.Fields.Skip(4)] },
            EveryType with { Fields = [.. EveryType.Fields.Take(4), EveryType.Fields[4] with { MaxLength = 41 }, .. EveryType.Fields.Skip(5)] },
        };

        variants.Select(SchemaJson.Fingerprint).Should().NotContain(fingerprint).And.OnlyHaveUniqueItems();
    }
}
