using BakeryOps.Domain.Analytics;
using BakeryOps.Domain.Errors;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// A cell's keys as conditions: each names a row or column field of the spec with the header value shown; a date is
/// its bucket, "(Other)" everything but the shown siblings, and null the blanks.
/// </summary>
internal static class PivotDrillKeys
{
    public static IEnumerable<PivotCondition> Conditions(PivotPlan plan, IReadOnlyList<PivotCellKey> keys)
    {
        var axes = plan.Rows.Concat(plan.Columns).ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            var part = $"keys[{i}]";
            var key = keys[i] ?? throw RequestValidationException.For(part, "A key needs a field and a value.");
            var axis = axes.FirstOrDefault(a => string.Equals(a.Field.Name, key.Field?.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw RequestValidationException.For($"{part}.field",
                    $"'{PivotPlanner.Shown(key.Field)}' is not a row or column field of this pivot; they are {string.Join(", ", axes.Select(a => a.Field.Name))}.");
            var field = axis.Field;
            if (axis.Bucket is { } bucket)
            {
                long Bucket(string? label) => PivotDates.ParseLabel(bucket, label)
                    ?? throw RequestValidationException.For($"{part}.value", $"'{PivotPlanner.Shown(label)}' is not a {bucket} of {field.Name}.");
                yield return key.IsOther
                    ? new BucketCondition(field, bucket, [.. (key.Shown ?? []).Where(s => s is not null).Select(Bucket)], Negate: true)
                    : key.Value is null ? new NullCondition(field, Negate: false) : new BucketCondition(field, bucket, [Bucket(key.Value)], Negate: false);
                continue;
            }

            if (key.IsOther)
            {
                var shown = (key.Shown ?? []).Select(s => s is null ? null : PivotFilterParser.Value(field, s, $"{part}.shown")).ToList();
                yield return new InCondition(field, shown, Negate: true);
            }
            else
            {
                yield return key.Value is null
                    ? new NullCondition(field, Negate: false)
                    : new CompareCondition(field, "=", PivotFilterParser.Value(field, key.Value, $"{part}.value"));
            }
        }
    }
}
