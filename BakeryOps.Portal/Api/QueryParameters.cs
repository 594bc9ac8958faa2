using System.Globalization;
using BakeryOps.Domain.Lake;

namespace BakeryOps.Portal.Api;

/// <summary>
/// Query parameters read as text, so a bad value is a 400 that names the parameter rather than a binding failure, and
/// out-of-range values are refused rather than silently changed.
/// </summary>
internal static class QueryParameters
{
    /// <summary><c>offset</c> (0 or more, default 0) and <c>size</c> (1 to <paramref name="maxSize"/>, default <paramref name="defaultSize"/>).</summary>
    public static (int Offset, int Size) Page(string? offset, string? size, int defaultSize, int maxSize) =>
        (Integer(offset, "offset", 0, 0, int.MaxValue), Integer(size, "size", defaultSize, 1, maxSize));

    public static int Integer(string? value, string name, int fallback, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw JsonBody.Invalid(name, Range(name, min, max));
    }

    public static int? OptionalInteger(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? null : Integer(value, name, 0, 1, int.MaxValue);

    public static int RequiredInteger(string? value, string name) =>
        OptionalInteger(value, name) ?? throw JsonBody.Invalid(name, $"{name} is required: a version number.");

    /// <summary>A partition date, yyyy-MM-dd.</summary>
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

    /// <summary>An ISO 8601 instant, or a date: the start or the end of that day, UTC.</summary>
    public static DateTimeOffset? Instant(string? value, string name, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? start.AddDays(1).AddTicks(-1) : start;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.ToUniversalTime();
        }

        throw JsonBody.Invalid(name, $"'{value}' is not a date (use 2025-08-21 or 2025-08-21T10:00:00Z).");
    }

    public static string? Dataset(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : LakeKeys.IsDatasetName(value.Trim()) ? value.Trim()
        : throw JsonBody.Invalid("dataset", "dataset must be a dataset name: lower-case letters, digits and '_', starting with a letter.");

    private static string Range(string name, int min, int max) => (name, min, max) switch
    {
        ("offset", 0, int.MaxValue) => "The offset must be a whole number, 0 or more.",
        ("size", 1, _) => $"The page size must be a whole number from 1 to {max}.",
        (_, _, int.MaxValue) => $"{name} must be a whole number, {min} or more.",
        _ => $"{name} must be a whole number from {min} to {max}.",
    };
}
