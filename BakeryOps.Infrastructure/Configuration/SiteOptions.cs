using System.ComponentModel.DataAnnotations;

namespace BakeryOps.Infrastructure.Configuration;

/// <summary>Site-wide settings, section <c>Site</c>.</summary>
public sealed class SiteOptions : IValidatableObject
{
    public const string SectionName = "Site";

    /// <summary>The facility the portal opens and syncs by default (the earlier <c>FACILITY_ID</c>).</summary>
    [Required(ErrorMessage = "Site:DefaultFacilityId is required.")]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "Site:DefaultFacilityId may hold only letters, digits, '_', '.' and '-' (at most 64).")]
    public string DefaultFacilityId { get; set; } = "default_facility";

    /// <summary>
    /// The facility a request names, trimmed, or <see cref="DefaultFacilityId"/> when it names none or only blanks: the
    /// one reading every endpoint and the service-account check share, so both mean the same facility.
    /// </summary>
    public string FacilityOrDefault(string? facility) => string.IsNullOrWhiteSpace(facility) ? DefaultFacilityId : facility.Trim();

    /// <summary>The display name of the default facility when it is first created.</summary>
    [StringLength(200, MinimumLength = 1, ErrorMessage = "Site:DefaultFacilityName must have 1 to 200 characters.")]
    public string DefaultFacilityName { get; set; } = "Main Bakery";

    /// <summary>The address users and callers reach the portal at, used in links (the earlier <c>BACKEND_BASE_URL</c>).</summary>
    [Url(ErrorMessage = "Site:PublicBaseUrl must be an absolute http or https URL.")]
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// The bakery's time zone (an IANA id such as Europe/Paris; default UTC): every date the portal shows and every
    /// date a pivot groups by is in it, unless a user switches a page to UTC.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// The zone of <see cref="TimeZone"/>. An unknown id gives UTC here rather than an exception: the options validator
    /// reads every property before it reports, so a throwing getter would hide the message naming Site:TimeZone, and
    /// start-up refuses such an id anyway.
    /// </summary>
    public TimeZoneInfo TimeZoneInfo =>
        !string.IsNullOrWhiteSpace(TimeZone) && TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult(
                $"Site:TimeZone '{TimeZone}' is not a known time zone id (an IANA id such as Europe/Paris, America/New_York or UTC).",
                [nameof(TimeZone)]);
        }
    }
}
