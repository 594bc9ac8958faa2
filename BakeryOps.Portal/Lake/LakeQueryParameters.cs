using System.Globalization;
using BakeryOps.Domain.Lake;
using BakeryOps.Portal.Inventory;

namespace BakeryOps.Portal.Lake;

/// <summary>Query parameters read as text so a bad value is a 400 that names the parameter, not a binding failure.</summary>
internal static class LakeQueryParameters
{
    public static DateOnly? Date(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw JsonBody.Invalid(name, $"{name} must be a partition date such as 2025-08-21 (yyyy-MM-dd).");
    }

    public static int Integer(string? value, string name, int fallback, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw JsonBody.Invalid(name, $"{name} must be a whole number from {min} to {max}.");
    }

    public static int? OptionalInteger(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? null : Integer(value, name, 0, 1, int.MaxValue);

    public static int RequiredInteger(string? value, string name) =>
        OptionalInteger(value, name) ?? throw JsonBody.Invalid(name, $"{name} is required: a version number.");

    public static string? Dataset(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : LakeKeys.IsDatasetName(value.Trim()) ? value.Trim()
        : throw JsonBody.Invalid("dataset", "dataset must be a dataset name: lower-case letters, digits and '_', starting with a letter.");
}
