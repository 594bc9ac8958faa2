using System.Globalization;
using BakeryOps.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Components.Shared;

/// <summary>
/// How the user's pages show instants: in the site's zone (<c>Site:TimeZone</c>) or, when the user switches to it,
/// in UTC. One per circuit, so the choice follows the user from page to page; pages re-render on <see cref="Changed"/>.
/// </summary>
public sealed class TimeDisplay(IOptions<SiteOptions> site)
{
    private readonly TimeZoneInfo _siteZone = site.Value.TimeZoneInfo;
    private bool _utc;

    /// <summary>Raised on the circuit's dispatcher when the user switches between the site's zone and UTC.</summary>
    public event Action? Changed;

    /// <summary>Whether instants are shown in UTC instead of the site's zone.</summary>
    public bool Utc
    {
        get => _utc;
        set
        {
            if (_utc != value)
            {
                _utc = value;
                Changed?.Invoke();
            }
        }
    }

    /// <summary>The zone instants are shown in now.</summary>
    public TimeZoneInfo Zone => _utc ? TimeZoneInfo.Utc : _siteZone;

    /// <summary>The site's zone, whatever the user chose.</summary>
    public TimeZoneInfo SiteZone => _siteZone;

    /// <summary>The zone's IANA id, as pivots and links name it.</summary>
    public string ZoneId => _utc ? "UTC" : _siteZone.Id;

    /// <summary>The instant in the shown zone.</summary>
    public DateTimeOffset ToShown(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The instant as text in the shown zone (by default to the second).</summary>
    public string Format(DateTimeOffset instant, string format = "yyyy-MM-dd HH:mm:ss") =>
        ToShown(instant).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>As <see cref="Format(DateTimeOffset, string)"/>, empty for null.</summary>
    public string Format(DateTimeOffset? instant, string format = "yyyy-MM-dd HH:mm:ss") =>
        instant is { } value ? Format(value, format) : "";
}
