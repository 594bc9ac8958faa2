using System.Globalization;
using BakeryOps.Portal.Components.Shared;

namespace BakeryOps.Portal.Components.Pages.Analytics;

/// <summary>
/// How the pivot page writes values: numbers invariant with thousands separators (the same on every user's screen
/// and in a shared link's screenshot), instants in the zone <see cref="TimeDisplay"/> shows, blank headers as "(blank)".
/// </summary>
public static class PivotFormat
{
    public const string Blank = "(blank)";

    /// <summary>A cell's value; empty where nothing was grouped.</summary>
    public static string Value(object? value, TimeDisplay time) => value switch
    {
        null => "",
        decimal d => d.ToString("#,0.######", CultureInfo.InvariantCulture),
        double d => d.ToString("#,0.######", CultureInfo.InvariantCulture),
        float f => f.ToString("#,0.######", CultureInfo.InvariantCulture),
        long or int or short => ((IFormattable)value).ToString("#,0", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        DateTimeOffset instant => time.Format(instant),
        DateTime utc => time.Format(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// A header's value: "(blank)" for a missing one, and numbers without separators, since grouped numbers are mostly
    /// codes (item numbers, ledger keys) rather than amounts.
    /// </summary>
    public static string Label(object? value, TimeDisplay time)
    {
        var text = value switch
        {
            null => "",
            decimal or double or float or long or int or short => ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture),
            _ => Value(value, time),
        };
        return text.Length > 0 ? text : Blank;
    }
}
