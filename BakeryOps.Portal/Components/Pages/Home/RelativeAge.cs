using System.Globalization;

namespace BakeryOps.Portal.Components.Pages.Dashboard;

/// <summary>How long ago an instant was, in words a glance takes in ("just now", "3 min ago", "5 h ago", "2 d ago").</summary>
public static class RelativeAge
{
    public static string Of(DateTimeOffset instant, DateTimeOffset now)
    {
        var age = now - instant;
        // A clock a little ahead on another node must not read as "in the future".
        if (age < TimeSpan.FromMinutes(1))
        {
            return "just now";
        }

        if (age < TimeSpan.FromHours(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalMinutes} min ago");
        }

        return age < TimeSpan.FromHours(48)
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours} h ago")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays} d ago");
    }
}
