using System.Globalization;

namespace BakeryOps.Portal.Inventory;

/// <summary>Query dates: an ISO 8601 instant, or a date (the start or the end of that day, UTC).</summary>
internal static class Dates
{
    public static DateTimeOffset? Parse(string? value, string field, bool endOfDay)
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

        throw JsonBody.Invalid(field, $"'{value}' is not a date (use 2025-08-21 or 2025-08-21T10:00:00Z).");
    }
}
