using System.Text.Json;
using BakeryOps.Domain.Schemas;

namespace BakeryOps.Tests.Domain.Schemas;

/// <summary>Inference reads every record, never guesses from the first, and never fails on an empty object.</summary>
public sealed class SchemaInferenceTests
{
    [Fact]
    public void Infer_WhenValuesAreBooleans_ThenTheFieldIsBooleanNotIntegerOrString()
    {
        var schema = Infer(Record(("active", true)), Record(("active", false)));

        schema.Fields.Should().Equal(new SchemaField("active", SchemaFieldType.Boolean, Nullable: false));
    }

    [Fact]
    public void Infer_WhenAFieldAppearsOnlyInLaterRecords_ThenItIsIncludedAfterTheEarlierFieldsAndNullable()
    {
        var records = Enumerable.Range(0, 100).Select(i => Record(("id", i))).ToList();
        records.Add(Record(("id", 100), ("lot", "L-7")));

        var schema = Infer([.. records]);

        schema.Fields.Should().Equal(
            new SchemaField("id", SchemaFieldType.Int32, Nullable: false),
            new SchemaField("lot", SchemaFieldType.String, Nullable: true, MaxLength: 3));
    }

    [Fact]
    public void Infer_WhenAValueIsNullInOneRecord_ThenTheFieldIsNullable()
    {
        var schema = Infer(Record(("qty", 1.5m)), Record(("qty", null)));

        schema.Fields.Single().Nullable.Should().BeTrue();
    }

    [Fact]
    public void Infer_WhenDecimalsDiffer_ThenPrecisionAndScaleCoverEveryValue()
    {
        var schema = Infer(Record(("qty", 1.5m)), Record(("qty", -123.25m)), Record(("qty", 0.125m)), Record(("qty", 12.50m)));

        schema.Fields.Single().Should().Be(new SchemaField("qty", SchemaFieldType.Decimal, Nullable: false, Precision: 6, Scale: 3));
    }

    [Fact]
    public void Infer_WhenIntegersAndDecimalsMix_ThenDecimalCoversTheIntegerDigits()
    {
        var schema = Infer(Record(("qty", 123456)), Record(("qty", 0.5)));

        schema.Fields.Single().Should().Be(new SchemaField("qty", SchemaFieldType.Decimal, Nullable: false, Precision: 7, Scale: 1));
    }

    [Fact]
    public void Infer_WhenIntsAndLongsMix_ThenTheFieldIsInt64()
    {
        var schema = Infer(Record(("n", 1)), Record(("n", 5_000_000_000L)), Record(("m", (short)2)), Record(("b", (byte)3)));

        schema.Fields.Select(f => (f.Name, f.Type)).Should().Equal(("n", SchemaFieldType.Int64), ("m", SchemaFieldType.Int32), ("b", SchemaFieldType.Int32));
    }

    [Fact]
    public void Infer_WhenStringsDifferInLength_ThenMaxLengthIsTheLongest()
    {
        var schema = Infer(Record(("name", "rye")), Record(("name", "sourdough loaf")), Record(("name", "")));

        schema.Fields.Single().Should().Be(new SchemaField("name", SchemaFieldType.String, Nullable: false, MaxLength: 14));
    }

    [Fact]
    public void Infer_WhenValuesAreDatesAndInstants_ThenDateAndTimestamp()
    {
        var schema = Infer(Record(
            ("day", new DateOnly(2026, 11, 26)),
            ("at", new DateTime(2026, 11, 26, 6, 0, 0, DateTimeKind.Utc)),
            ("seen", new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.FromHours(1)))));

        schema.Fields.Select(f => f.Type).Should().Equal(SchemaFieldType.Date, SchemaFieldType.Timestamp, SchemaFieldType.Timestamp);
    }

    [Fact]
    public void Infer_WhenScalarKindsConflict_ThenTheFieldIsStringCoveringEachValuesText()
    {
        var schema = Infer(Record(("flag", true)), Record(("flag", "maybe")), Record(("when", new DateOnly(2026, 1, 2))), Record(("when", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc))));

        schema.Fields.Should().Equal(
            new SchemaField("flag", SchemaFieldType.String, Nullable: true, MaxLength: 5),
            new SchemaField("when", SchemaFieldType.String, Nullable: true, MaxLength: "2026-01-02T03:04:05.0000000Z".Length));
    }

    [Fact]
    public void Infer_WhenAFieldIsNullInEveryRecord_ThenItIsANullableString()
    {
        var schema = Infer(Record(("note", null)), Record(("note", null)));

        schema.Fields.Single().Should().Be(new SchemaField("note", SchemaFieldType.String, Nullable: true));
    }

    [Fact]
    public void Infer_WhenAValueIsAnEmptyObject_ThenTheFieldIsAnObjectWithNoFields()
    {
        var schema = Infer(Record(("attributes", new Dictionary<string, object?>())));

        var field = schema.Fields.Single();
        field.Type.Should().Be(SchemaFieldType.Object);
        field.Nullable.Should().BeFalse();
        field.Fields.Should().BeEmpty();
    }

    [Fact]
    public void Infer_WhenThereAreNoRecords_ThenTheSchemaHasNoFields()
    {
        Infer().Fields.Should().BeEmpty();
    }

    [Fact]
    public void Infer_WhenObjectsAreNested_ThenTheirFieldsAreInferredOverEveryNestedValue()
    {
        var schema = Infer(
            Record(("item", Map(("code", "A1"), ("size", Map(("grams", 400)))))),
            Record(("item", Map(("code", "B22"), ("size", Map(("grams", 800), ("slices", 12))), ("tags", new[] { "rye", "seeded" })))),
            Record(("item", Map())));

        var item = schema.Fields.Single();
        item.Type.Should().Be(SchemaFieldType.Object);
        item.Fields!.Select(f => f.Name).Should().Equal("code", "size", "tags");
        item.Fields![0].Should().Be(new SchemaField("code", SchemaFieldType.String, Nullable: true, MaxLength: 3));
        var size = item.Fields![1];
        size.Fields!.Should().Equal(
            new SchemaField("grams", SchemaFieldType.Int32, Nullable: false),
            new SchemaField("slices", SchemaFieldType.Int32, Nullable: true));
        var tags = item.Fields![2];
        tags.Type.Should().Be(SchemaFieldType.Array);
        tags.Items.Should().Be(new SchemaField("item", SchemaFieldType.String, Nullable: false, MaxLength: 6));
    }

    [Fact]
    public void Infer_WhenRecordsHoldJsonElements_ThenTheyMapLikeClrValuesAndStringsStayStrings()
    {
        const string json = """
            [
              { "flag": true, "n": 1, "big": 5000000000, "amount": 1.25, "day": "2026-11-26", "obj": { "a": 1 }, "list": [1, 2], "empty": {} },
              { "flag": false, "n": 2, "big": 1, "amount": 10, "day": "2026-11-27", "obj": { "a": 2, "b": null }, "list": [], "empty": {}, "late": null }
            ]
            """;
        using var document = JsonDocument.Parse(json);
        var records = document.RootElement.EnumerateArray()
            .Select(r => (IReadOnlyDictionary<string, object?>)r.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value))
            .ToList();

        var schema = SchemaInference.Infer("flow", records);

        schema.Fields.Select(f => (f.Name, f.Type, f.Nullable)).Should().Equal(
            ("flag", SchemaFieldType.Boolean, false),
            ("n", SchemaFieldType.Int32, false),
            ("big", SchemaFieldType.Int64, false),
            ("amount", SchemaFieldType.Decimal, false),
            ("day", SchemaFieldType.String, false),
            ("obj", SchemaFieldType.Object, false),
            ("list", SchemaFieldType.Array, false),
            ("empty", SchemaFieldType.Object, false),
            ("late", SchemaFieldType.String, true));
        schema.Fields[3].Should().Be(new SchemaField("amount", SchemaFieldType.Decimal, Nullable: false, Precision: 4, Scale: 2));
        schema.Fields[5].Fields.Should().Equal(
            new SchemaField("a", SchemaFieldType.Int32, Nullable: false),
            new SchemaField("b", SchemaFieldType.String, Nullable: true));
        schema.Fields[6].Items.Should().Be(new SchemaField("item", SchemaFieldType.Int32, Nullable: false));
        schema.Fields[7].Fields.Should().BeEmpty();
    }

    [Fact]
    public void Infer_WhenJsonAndClrRecordsHoldTheSameValues_ThenTheFingerprintsAreEqual()
    {
        using var document = JsonDocument.Parse("""{ "id": 7, "price": 2.50, "name": "bap", "open": true }""");
        var fromJson = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);

        var json = SchemaInference.Infer("flow", [fromJson]);
        var clr = Infer(Record(("id", 7), ("price", 2.50m), ("name", "bap"), ("open", true)));

        SchemaJson.Fingerprint(json).Should().Be(SchemaJson.Fingerprint(clr));
    }

    [Fact]
    public void Infer_WhenAValueIsNotANumber_ThenItThrowsNamingTheField()
    {
        var act = () => Infer(Record(("ratio", double.NaN)));

        act.Should().Throw<ArgumentException>().WithMessage("*'ratio'*");
    }

    [Fact]
    public void Infer_WhenAValueHasAnUnsupportedType_ThenItThrowsNamingTheField()
    {
        var act = () => Infer(Record(("outer", Map(("inner", new object())))));

        act.Should().Throw<ArgumentException>().WithMessage("*'outer.inner'*");
    }

    internal static IReadOnlyDictionary<string, object?> Record(params (string Name, object? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);

    private static Dictionary<string, object?> Map(params (string Name, object? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);

    private static DatasetSchema Infer(params IReadOnlyDictionary<string, object?>[] records) => SchemaInference.Infer("flow", records);
}
