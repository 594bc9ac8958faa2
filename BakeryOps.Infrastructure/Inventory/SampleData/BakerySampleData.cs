using System.Globalization;

namespace BakeryOps.Infrastructure.Inventory.SampleData;

/// <summary>A JD Edwards branch/plant of the sample bakery (<c>branches.csv</c>).</summary>
public sealed record SampleBranch(string Mcu, string Name, bool AllowsNegativeOnHand);

/// <summary>An item of the sample bakery's item master with its bakery-side unit (<c>bakery-items.csv</c>).</summary>
public sealed record SampleItem(
    int ShortItemNumber,
    string SecondItemNumber,
    string Description1,
    string Description2,
    string JdeUnit,
    string StockingType,
    string GlClass,
    bool LotControlled,
    int? ShelfLifeDays,
    string Category,
    string BakeryUnit,
    decimal BakeryUnitsPerJdeUnit,
    IReadOnlyList<string> Branches);

/// <summary>On-hand of one item in one branch and lot, in the JDE unit (<c>opening-balances.csv</c>).</summary>
public sealed record SampleOpeningBalance(int ShortItemNumber, string Mcu, string JdeUnit, decimal Quantity, string? Lot);

/// <summary>
/// The sample bakery shared with the JD Edwards simulator: branches, item master and opening balances, read from
/// the CSV files embedded in this assembly (copies of <c>shared/data</c>).
/// </summary>
public sealed class BakerySampleData
{
    private const string ResourcePrefix = "BakeryOps.SampleData.";
    private static readonly Lazy<BakerySampleData> Embedded = new(LoadEmbedded);

    public BakerySampleData(IReadOnlyList<SampleBranch> branches, IReadOnlyList<SampleItem> items, IReadOnlyList<SampleOpeningBalance> openingBalances)
    {
        Branches = branches;
        Items = items;
        OpeningBalances = openingBalances;
        ItemsByNumber = items.ToDictionary(i => i.ShortItemNumber);
    }

    /// <summary>The data embedded in this assembly, parsed once.</summary>
    public static BakerySampleData Default => Embedded.Value;

    public IReadOnlyList<SampleBranch> Branches { get; }
    public IReadOnlyList<SampleItem> Items { get; }
    public IReadOnlyList<SampleOpeningBalance> OpeningBalances { get; }
    public IReadOnlyDictionary<int, SampleItem> ItemsByNumber { get; }

    /// <summary>Parses the three files' text (header row first, comma-separated, no quoting).</summary>
    public static BakerySampleData Parse(string branchesCsv, string itemsCsv, string openingBalancesCsv)
    {
        var branches = ReadCsv(branchesCsv, "branches.csv").Select(r => new SampleBranch(
            r.Required("mcu"), r.Required("name"), r.YesNo("allows_negative_on_hand"))).ToList();

        var items = ReadCsv(itemsCsv, "bakery-items.csv").Select(r => new SampleItem(
            r.Int("itm"), r.Required("litm"), r.Required("dsc1"), r["dsc2"], r.Required("jde_uom"), r["stocking_type"],
            r["gl_class"], r.YesNo("lot_controlled"), r.OptionalInt("shelf_life_days"), r.Required("category"),
            r.Required("bakery_unit"), r.Decimal("bakery_units_per_jde_uom"),
            r.Required("branches").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))).ToList();

        var balances = ReadCsv(openingBalancesCsv, "opening-balances.csv").Select(r => new SampleOpeningBalance(
            r.Int("itm"), r.Required("mcu"), r.Required("jde_uom"), r.Decimal("quantity"),
            r["lot"] is { Length: > 0 } lot ? lot : null)).ToList();

        var data = new BakerySampleData(branches, items, balances);
        data.Check();
        return data;
    }

    private static BakerySampleData LoadEmbedded() =>
        Parse(ReadResource("branches.csv"), ReadResource("bakery-items.csv"), ReadResource("opening-balances.csv"));

    private static string ReadResource(string fileName)
    {
        using var stream = typeof(BakerySampleData).Assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new InvalidOperationException($"The sample data file {fileName} is not embedded in {typeof(BakerySampleData).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private void Check()
    {
        var mcus = Branches.Select(b => b.Mcu).ToHashSet(StringComparer.Ordinal);
        if (Items.GroupBy(i => i.ShortItemNumber).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new FormatException($"bakery-items.csv lists item {duplicate.Key} twice.");
        }

        foreach (var item in Items)
        {
            if (item.BakeryUnitsPerJdeUnit <= 0)
            {
                throw new FormatException($"bakery-items.csv: item {item.ShortItemNumber} has bakery_units_per_jde_uom {item.BakeryUnitsPerJdeUnit}.");
            }

            if (item.Branches.FirstOrDefault(b => !mcus.Contains(b)) is { } unknown)
            {
                throw new FormatException($"bakery-items.csv: item {item.ShortItemNumber} is stocked in unknown branch {unknown}.");
            }
        }

        foreach (var balance in OpeningBalances)
        {
            if (!ItemsByNumber.TryGetValue(balance.ShortItemNumber, out var item))
            {
                throw new FormatException($"opening-balances.csv: item {balance.ShortItemNumber} is not in bakery-items.csv.");
            }

            if (!mcus.Contains(balance.Mcu))
            {
                throw new FormatException($"opening-balances.csv: branch {balance.Mcu} is not in branches.csv.");
            }

            if (!string.Equals(balance.JdeUnit, item.JdeUnit, StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException(
                    $"opening-balances.csv: item {balance.ShortItemNumber} in {balance.Mcu} is in {balance.JdeUnit}, the item master says {item.JdeUnit}.");
            }

            if (balance.Quantity <= 0)
            {
                throw new FormatException($"opening-balances.csv: item {balance.ShortItemNumber} in {balance.Mcu} has quantity {balance.Quantity}.");
            }
        }
    }

    private static List<CsvRow> ReadCsv(string text, string fileName)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count == 0 || lines[0].Length == 0)
        {
            throw new FormatException($"{fileName} has no header row.");
        }

        var header = lines[0].Split(',').Select(h => h.Trim()).ToList();
        var columns = header.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index, StringComparer.Ordinal);
        var rows = new List<CsvRow>();
        for (var i = 1; i < lines.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            if (lines[i].Contains('"', StringComparison.Ordinal))
            {
                throw new FormatException($"{fileName} line {i + 1}: quoted fields are not supported.");
            }

            var fields = lines[i].Split(',');
            if (fields.Length != header.Count)
            {
                throw new FormatException($"{fileName} line {i + 1}: {fields.Length} fields, the header has {header.Count}.");
            }

            rows.Add(new CsvRow(fileName, i + 1, columns, fields.Select(f => f.Trim()).ToArray()));
        }

        return rows;
    }

    private sealed class CsvRow(string fileName, int line, IReadOnlyDictionary<string, int> columns, string[] fields)
    {
        public string this[string column] => columns.TryGetValue(column, out var index)
            ? fields[index]
            : throw new FormatException($"{fileName} has no column '{column}'.");

        public string Required(string column) =>
            this[column] is { Length: > 0 } value ? value : throw Error(column, "is empty");

        public int Int(string column) =>
            int.TryParse(Required(column), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw Error(column, "is not a whole number");

        public int? OptionalInt(string column) => this[column].Length == 0 ? null : Int(column);

        public decimal Decimal(string column) =>
            decimal.TryParse(Required(column), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Error(column, "is not a decimal number");

        public bool YesNo(string column) => Required(column) switch
        {
            "Y" => true,
            "N" => false,
            _ => throw Error(column, "is not Y or N"),
        };

        private FormatException Error(string column, string problem) =>
            new($"{fileName} line {line}: {column} '{this[column]}' {problem}.");
    }
}
