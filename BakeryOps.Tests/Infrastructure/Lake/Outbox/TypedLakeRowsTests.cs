using System.Text.Json;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Lake;
using BakeryOps.Domain.Schemas;
using BakeryOps.Infrastructure.Lake.Outbox;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.Infrastructure.Lake.Writing;

namespace BakeryOps.Tests.Infrastructure.Lake.Outbox;

/// <summary>
/// The typed outbox rows keep the lake as it was: the same schema (no new version), files DuckDB reads together with
/// files the dictionary rows wrote, and JSON names that match the columns the old outbox payloads used.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class TypedLakeRowsTests() : LakeWriterTestBase(DatabaseProvider.Sqlite)
{
    internal static readonly DateTimeOffset At = new(2026, 11, 30, 9, 15, 0, TimeSpan.Zero);

    private FolderLakeStore? _store;

    protected override ILakeStore Store => _store ??= new FolderLakeStore(TemporaryFolder());

    public static TheoryData<string> Datasets => [BakeryOpsProductRecord.Dataset, BakeryOpsMovementRecord.Dataset];

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Schema_WhenDeclaredByTheTypedTable_ThenItIsTheFirstVersionTheDictionaryRowsRegisteredPlusItsNullableAdditions(string dataset)
    {
        var legacy = SchemaJson.Deserialize(File.ReadAllText(LegacyFile($"{dataset}.v1.json")));

        var typed = TableSchema(dataset);

        typed.Fields.Select(f => f.Name).Should().Equal([.. legacy.Fields.Select(f => f.Name), .. AddedSince1(dataset)]);
        SchemaJson.Serialize(typed with { Fields = [.. typed.Fields.Take(legacy.Fields.Count)] }).Should().Be(SchemaJson.Serialize(legacy));
        typed.Fields.Skip(legacy.Fields.Count).Where(f => !f.Nullable).Should().BeEmpty("version 2 must read the files of version 1");
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task Register_WhenTheDatasetHasTheLegacyFirstVersion_ThenTheTypedTableAddsAVersionOnlyForItsAdditions(string dataset)
    {
        var registry = NewRegistry();
        (await registry.RegisterAsync(SchemaJson.Deserialize(File.ReadAllText(LegacyFile($"{dataset}.v1.json"))), "legacy", default))
            .Version.Should().Be(1);

        var registration = await registry.RegisterAsync(TableSchema(dataset), "typed", default);
        var again = await registry.RegisterAsync(TableSchema(dataset), "typed", default);

        registration.Accepted.Should().BeTrue("adding nullable columns is a BACKWARD-compatible change");
        var expected = AddedSince1(dataset).Length == 0 ? 1 : 2;
        registration.Version.Should().Be(expected);
        again.Version.Should().Be(expected, "the same declared schema matches by fingerprint");
        (await registry.ListVersionsAsync(dataset, default)).Should().HaveCount(expected);
    }

    [Fact]
    public void Json_WhenARowIsQueued_ThenItsNamesAreTheLakeColumnsAndItReadsBackExactly()
    {
        var product = LegacyRows.Product(At) with { OnHand = 0.000001m, JdeShortItemNumber = null, StockingType = "P", GlClass = "IN30", LotControlled = true, ShelfLifeDays = 21 };
        var movement = LegacyRows.Movements(At)[0] with { LotNumber = null, AdjustmentDate = new DateTimeOffset(2026, 11, 30, 20, 15, 0, TimeSpan.FromHours(11)) };

        var productEntry = BakeryOpsLakeDatasets.Products.Entry(product, At);
        var movementEntry = BakeryOpsLakeDatasets.Movements.Entry(movement, At);

        Names(productEntry.PayloadJson).Should().Equal(BakeryOpsProductRecord.Table.Columns.Select(c => c.Field.Name));
        Names(movementEntry.PayloadJson).Should().Equal(BakeryOpsMovementRecord.Table.Columns.Select(c => c.Field.Name));
        productEntry.Dataset.Should().Be(BakeryOpsProductRecord.Dataset);
        BakeryOpsLakeDatasets.Products.Read(productEntry).Should().Be(product);
        BakeryOpsLakeDatasets.Movements.Read(movementEntry).Should().Be(movement);
    }

    [Fact]
    public void Read_WhenThePayloadIsNotARowOfTheDataset_ThenTheErrorNamesTheEntryAndTheDataset()
    {
        var entry = new LakeOutboxEntry { Id = 42, Dataset = BakeryOpsProductRecord.Dataset, PayloadJson = """{"product_id":"p1"}""" };

        var read = () => BakeryOpsLakeDatasets.Products.Read(entry);

        read.Should().Throw<LakeOutboxPayloadException>().WithMessage("lake_outbox entry 42 is not a bakery_ops_products row: *");
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task DuckDb_WhenReadingALegacyFileAndATypedFile_ThenTheyHaveOneSchemaAndTheSameRows(string dataset)
    {
        var result = dataset == BakeryOpsProductRecord.Dataset
            ? await NewWriter().WriteAsync(BakeryOpsProductRecord.Table, [LegacyRows.Product(At), LegacyRows.Box(At)], NewRun(), default)
            : await NewWriter().WriteAsync(BakeryOpsMovementRecord.Table, LegacyRows.Movements(At), NewRun(), default);
        var folder = await DownloadLakeAsync();
        var typed = Path.Combine(folder, result.Files.Single().Key.Replace('/', Path.DirectorySeparatorChar));
        var legacy = LegacyFile($"{dataset}.legacy.parquet");

        // Read as plain files: the typed file's year=/month=/day= folders would otherwise add partition columns.
        string Read(string file) => $"read_parquet('{file}', hive_partitioning=false)";
        var legacyColumns = LakeDuckDb.Describe(Read(legacy));
        var typedColumns = LakeDuckDb.Describe(Read(typed));
        typedColumns.Keys.Should().Equal([.. legacyColumns.Keys, .. AddedSince1(dataset)]);
        typedColumns.Where(c => legacyColumns.ContainsKey(c.Key)).ToDictionary().Should().Equal(legacyColumns, "the first version's columns keep their types");
        var columns = string.Join(", ", legacyColumns.Keys);
        var onlyOne = LakeDuckDb.Query(
            $"(SELECT {columns} FROM {Read(typed)} EXCEPT ALL SELECT * FROM {Read(legacy)}) UNION ALL " +
            $"(SELECT * FROM {Read(legacy)} EXCEPT ALL SELECT {columns} FROM {Read(typed)})");
        onlyOne.Should().BeEmpty("the typed rows write in the first version's columns exactly what the dictionary rows wrote");
        var both = LakeDuckDb.Query(
            $"SELECT count(*) AS n, count(*) FILTER (WHERE {NullTest(dataset)}) AS without_additions " +
            $"FROM read_parquet(['{legacy}', '{typed}'], hive_partitioning=false, union_by_name=true)").Single();
        both["n"].Should().Be(4L);
        both["without_additions"].Should().Be(AddedSince1(dataset).Length == 0 ? 4L : 2L, "the legacy rows read with the added columns empty");
    }

    internal static string LegacyFile(string name) => Path.Combine(AppContext.BaseDirectory, "Infrastructure", "Lake", "Outbox", "Legacy", name);

    /// <summary>The columns the typed table added after version 1 (decision 0028).</summary>
    private static string[] AddedSince1(string dataset) =>
        dataset == BakeryOpsProductRecord.Dataset ? ["stocking_type", "gl_class", "lot_controlled", "shelf_life_days"] : [];

    private static string NullTest(string dataset) =>
        AddedSince1(dataset) is { Length: > 0 } added ? string.Join(" AND ", added.Select(c => $"{c} IS NULL")) : "true";

    private static DatasetSchema TableSchema(string dataset) => dataset == BakeryOpsProductRecord.Dataset
        ? BakeryOpsProductRecord.Table.Schema
        : BakeryOpsMovementRecord.Table.Schema;

    private static List<string> Names(string json) => [.. JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name)];
}

/// <summary>The rows the legacy fixture files hold, as typed rows (see Legacy/README.md).</summary>
internal static class LegacyRows
{
    /// <summary>A row as the dictionary outbox knew it: without the item master attributes added in version 2.</summary>
    public static BakeryOpsProductRecord Legacy(BakeryOpsProductRecord row) =>
        row with { StockingType = null, GlClass = null, LotControlled = null, ShelfLifeDays = null };

    public static BakeryOpsProductRecord Product(DateTimeOffset at) => BakeryOpsProductRecord.Of(
        new Product
        {
            Id = "prod_legacy_flour", FacilityId = "default_facility", ProductName = "Legacy flour T55",
            Description = "Written by the dictionary outbox", ProductCategory = "Ingredient", InventoryUnit = "KG", Archived = false,
            JdeShortItemNumber = 60010, JdeSecondItemNumber = "B_FLOUR_T55", JdeBranchPlant = "1110", OnHand = 2500.125m, Version = 3,
            CreatedAt = at.AddDays(-2), UpdatedAt = at,
        },
        BakeryOpsProductRecord.Created,
        at);

    public static BakeryOpsProductRecord Box(DateTimeOffset at) => BakeryOpsProductRecord.Of(
        new Product
        {
            Id = "prod_legacy_box", FacilityId = "default_facility", ProductName = "Legacy box", Description = "",
            ProductCategory = "Packaging", InventoryUnit = "EA", Archived = true, OnHand = 0m, Version = 1, CreatedAt = at, UpdatedAt = at,
        },
        BakeryOpsProductRecord.Stock,
        at.AddSeconds(1));

    public static BakeryOpsMovementRecord[] Movements(DateTimeOffset at) =>
    [
        BakeryOpsMovementRecord.Of(new Movement
        {
            Id = "mov_legacy_1", FacilityId = "default_facility", ProductId = "prod_legacy_flour", BatchNumber = "B-2026-11-30",
            LotNumber = "LOT-7", VesselCode = "V1", Quantity = 2m, Unit = "BG", InventoryQuantity = 50m, Type = MovementType.Receipt,
            Reason = "Delivery", AdjustmentDate = at, Source = MovementSource.Bakery, CreatedBy = "admin", CreatedAt = at,
        }),
        BakeryOpsMovementRecord.Of(new Movement
        {
            Id = "mov_legacy_2", FacilityId = "default_facility", ProductId = "prod_legacy_flour", Quantity = -0.5m, Unit = "KG",
            InventoryQuantity = -0.5m, Type = MovementType.Usage, AdjustmentDate = at.AddHours(1), Source = MovementSource.Jde,
            JdeLedgerKey = "1110/123", CreatedBy = "cardex-sync", CreatedAt = at.AddHours(1),
        }),
    ];
}
