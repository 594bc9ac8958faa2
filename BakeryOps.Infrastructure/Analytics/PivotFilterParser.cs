using System.Globalization;
using BakeryOps.Domain.Analytics;
using BakeryOps.Domain.Errors;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// Turns one filter's text values into typed conditions for its field. Dates given as days on an instant field mean
/// whole local days in the pivot's zone: between 2026-03-01 and 2026-03-31 runs from the start of the 1st to the
/// start of April 1st there.
/// </summary>
internal static class PivotFilterParser
{
    public static IEnumerable<PivotCondition> Parse(PivotField field, string op, IReadOnlyList<string?> values, string part, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (values.Count > PivotPlanner.MaxFilterValues)
        {
            throw RequestValidationException.For(part, $"At most {PivotPlanner.MaxFilterValues} values per filter.");
        }

        switch (op)
        {
            case FilterOps.Equal or FilterOps.NotEqual:
                One(values, part, op);
                return Equal(field, values[0], op == FilterOps.NotEqual, part, zone);
            case FilterOps.In or FilterOps.NotIn:
                if (values.Count == 0)
                {
                    throw RequestValidationException.For(part, $"{op} needs at least one value.");
                }

                if (field.Type == PivotFieldType.Instant)
                {
                    throw RequestValidationException.For(part, $"{field.Name} is an instant: filter it with between, gte, lte or range.");
                }

                return [new InCondition(field, [.. values.Select(v => v is null ? null : Value(field, v, part))], op == FilterOps.NotIn)];
            case FilterOps.Between:
                if (values.Count != 2 || values[0] is null || values[1] is null)
                {
                    throw RequestValidationException.For(part, "between needs two values, from and to (both included).");
                }

                return [.. From(field, values[0]!, part, zone), .. To(field, values[1]!, part, zone)];
            case FilterOps.AtLeast:
                One(values, part, op, allowNull: false);
                return From(field, values[0]!, part, zone);
            case FilterOps.AtMost:
                One(values, part, op, allowNull: false);
                return To(field, values[0]!, part, zone);
            case FilterOps.Contains:
                One(values, part, op, allowNull: false);
                if (field.Type != PivotFieldType.Text || field.Codes is not null)
                {
                    throw RequestValidationException.For(part, $"contains filters text; {field.Name} is not free text.");
                }

                return [new ContainsCondition(field, values[0]!)];
            default:
                One(values, part, op, allowNull: false);
                return Range(field, values[0]!, part, zone, now);
        }
    }

    private static void One(IReadOnlyList<string?> values, string part, string op, bool allowNull = true)
    {
        if (values.Count != 1 || (!allowNull && values[0] is null))
        {
            throw RequestValidationException.For(part, $"{op} needs exactly one value.");
        }
    }

    private static IEnumerable<PivotCondition> Equal(PivotField field, string? value, bool negate, string part, TimeZoneInfo zone)
    {
        if (value is null)
        {
            return [new NullCondition(field, negate)];
        }

        if (field.Type == PivotFieldType.Instant && TryDay(value, out var day))
        {
            // One local day; "not that day" is before it or after it.
            var (start, end) = (PivotDates.StartOfDay(day, zone), PivotDates.StartOfDay(day.AddDays(1), zone));
            return negate
                ? [new OutsideCondition(field, start, end)]
                : [new CompareCondition(field, ">=", start), new CompareCondition(field, "<", end)];
        }

        return [new CompareCondition(field, negate ? "<>" : "=", Value(field, value, part))];
    }

    private static IEnumerable<PivotCondition> From(PivotField field, string value, string part, TimeZoneInfo zone) =>
        field.Type == PivotFieldType.Instant && TryDay(value, out var day)
            ? [new CompareCondition(field, ">=", PivotDates.StartOfDay(day, zone))]
            : [new CompareCondition(field, ">=", Value(field, value, part))];

    private static IEnumerable<PivotCondition> To(PivotField field, string value, string part, TimeZoneInfo zone) =>
        field.Type == PivotFieldType.Instant && TryDay(value, out var day)
            ? [new CompareCondition(field, "<", PivotDates.StartOfDay(day.AddDays(1), zone))]
            : [new CompareCondition(field, "<=", Value(field, value, part))];

    private static IEnumerable<PivotCondition> Range(PivotField field, string name, string part, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (!field.IsDate)
        {
            throw RequestValidationException.For(part, $"range filters dates; {field.Name} is not a date.");
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var (from, to) = PivotDates.Range(name, today)
            ?? throw RequestValidationException.For(part, $"'{PivotPlanner.Shown(name)}' is not a date range; use {string.Join(", ", DateRanges.All)}.");
        return field.Type == PivotFieldType.Instant
            ? [new CompareCondition(field, ">=", PivotDates.StartOfDay(from, zone)), new CompareCondition(field, "<", PivotDates.StartOfDay(to, zone))]
            : [new CompareCondition(field, ">=", from), new CompareCondition(field, "<", to)];
    }

    private static bool TryDay(string value, out DateOnly day) =>
        DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary>The value typed for the field: text (a stored enum name for coded fields), decimal, long, bool, DateOnly or an instant.</summary>
    public static object Value(PivotField field, string value, string part)
    {
        var text = value.Trim();
        var invariant = CultureInfo.InvariantCulture;
        switch (field.Type)
        {
            case PivotFieldType.Text when field.Codes is not null:
                return field.Stored(text) ?? throw RequestValidationException.For(part,
                    $"'{PivotPlanner.Shown(value)}' is not a {field.Name}; use {string.Join(", ", field.Codes.Values)}.");
            case PivotFieldType.Text:
                return value;
            case PivotFieldType.Number when decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, invariant, out var number):
                return number;
            case PivotFieldType.Integer when long.TryParse(text, NumberStyles.AllowLeadingSign, invariant, out var integer):
                return integer;
            case PivotFieldType.Boolean when bool.TryParse(text, out var flag):
                return flag;
            case PivotFieldType.Boolean when text is "0" or "1":
                return text == "1";
            case PivotFieldType.Date when TryDay(text, out var day):
                return day;
            case PivotFieldType.Instant when DateTimeOffset.TryParse(text, invariant, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
                && text.Contains('T', StringComparison.Ordinal):
                return instant;
            default:
                throw RequestValidationException.For(part, $"'{PivotPlanner.Shown(value)}' is not {Expected(field)} for {field.Name}.");
        }
    }

    private static string Expected(PivotField field) => field.Type switch
    {
        PivotFieldType.Number => "a number",
        PivotFieldType.Integer => "a whole number",
        PivotFieldType.Boolean => "true or false",
        PivotFieldType.Date => "a date (yyyy-MM-dd)",
        PivotFieldType.Instant => "a date (yyyy-MM-dd) or an instant (2026-03-01T08:00:00Z)",
        _ => "a value",
    };
}
