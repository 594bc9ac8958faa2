namespace BakeryOps.Infrastructure.Sync;

/// <summary>The item master sync, section <c>Sync:ItemMaster</c>.</summary>
public sealed class ItemMasterSyncOptions
{
    public const string SectionName = "Sync:ItemMaster";

    /// <summary>The G/L classes of the sample bakery: ingredients, packaging, finished goods.</summary>
    public static IReadOnlyList<string> DefaultGlClasses { get; } = ["WA01", "WA02", "FG01"];

    /// <summary>
    /// The G/L classes (F4102 GLPT) pulled for every branch, one orchestration call each (default WA01, WA02, FG01).
    /// An item outside them is not the bakery's: a product linked to one is shown as gone from JD Edwards.
    /// </summary>
    public List<string>? GlClasses { get; set; }

    /// <summary>
    /// Apply new items and attribute changes right after each pull, without review (default off). Never archives:
    /// a product gone from JD Edwards is archived only when someone asks for it.
    /// </summary>
    public bool AutoApply { get; set; }

    /// <summary>The product category a new item gets, by its G/L class; a class not listed gives <c>Ingredient</c>.</summary>
    public Dictionary<string, string> Categories { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WA01"] = "Ingredient",
        ["WA02"] = "Packaging",
        ["FG01"] = "Finished Good",
    };

    /// <summary>The configured classes, trimmed and upper-cased, or the defaults when none are configured.</summary>
    public IReadOnlyList<string> EffectiveGlClasses =>
        GlClasses is { Count: > 0 } classes
            ? classes.Select(c => c.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList()
            : DefaultGlClasses;

    public string CategoryFor(string glClass) =>
        Categories.TryGetValue(glClass.Trim(), out var category) && !string.IsNullOrWhiteSpace(category) ? category.Trim() : "Ingredient";

    public IEnumerable<string> Validate()
    {
        for (var i = 0; i < (GlClasses?.Count ?? 0); i++)
        {
            var glClass = GlClasses![i]?.Trim() ?? "";
            if (glClass.Length is 0 or > 4 || !glClass.All(char.IsAsciiLetterOrDigit))
            {
                yield return $"Sync:ItemMaster:GlClasses:{i} must be a JD Edwards G/L class of 1 to 4 letters or digits, such as WA01 (found '{GlClasses[i]}').";
            }
        }

        foreach (var (glClass, category) in Categories)
        {
            if (glClass.Trim().Length is 0 or > 4)
            {
                yield return $"Sync:ItemMaster:Categories: '{glClass}' is not a JD Edwards G/L class (1 to 4 characters, such as WA01).";
            }
            else if ((category?.Trim().Length ?? 0) > Domain.Inventory.Product.MaxCategoryLength)
            {
                yield return $"Sync:ItemMaster:Categories:{glClass} can have at most {Domain.Inventory.Product.MaxCategoryLength} characters.";
            }
        }
    }
}
