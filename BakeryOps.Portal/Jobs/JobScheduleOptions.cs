namespace BakeryOps.Portal.Jobs;

/// <summary>
/// When the in-process jobs run, section <c>Jobs</c>: Quartz cron expressions (seconds first) read in
/// <see cref="TimeZone"/>, so "02:30" means 02:30 at the bakery whatever the server's zone. Register with
/// <see cref="JobsSetup.AddJobScheduleOptions"/>, which gives the zone its default.
/// </summary>
public sealed class JobScheduleOptions
{
    public const string SectionName = "Jobs";

    /// <summary>
    /// IANA or Windows time zone id for every schedule. Unset (or empty), the site's zone, <c>Site:TimeZone</c>
    /// (itself UTC by default), so the schedules and the dates the portal shows agree unless told otherwise.
    /// </summary>
    public string TimeZone { get; set; } = "";

    /// <summary>
    /// Whether the schedules fire. Off, the jobs still run when asked (the API, the pages); the tests start portals
    /// with it off so that no scheduled run races the runs they make.
    /// </summary>
    public bool SchedulerEnabled { get; set; } = true;

    public string CardexSync { get; set; } = "0 0/15 * * * ?";
    public string ItemMasterSync { get; set; } = "0 5 * * * ?";

    /// <summary>The reconciliation snapshot of every linked facility (a snapshot also follows each successful cardex run).</summary>
    public string Reconciliation { get; set; } = "0 45 * * * ?";
    public string DispatchRelay { get; set; } = "0/30 * * * * ?";
    public string LakeHousekeeping { get; set; } = "0 30 2 * * ?";
    public string SessionCleanup { get; set; } = "0 0 * * * ?";

    /// <summary>The daily <c>audit</c> lake export of the closed days (in <see cref="TimeZone"/>, the site's by default).</summary>
    public string AuditExport { get; set; } = "0 15 0 * * ?";

    public IEnumerable<string> Validate()
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"Jobs:TimeZone '{TimeZone}' is not a known time zone id (for example Australia/Sydney or UTC).";
        }

        foreach (var (key, value) in new[]
                 {
                     (nameof(CardexSync), CardexSync), (nameof(ItemMasterSync), ItemMasterSync), (nameof(Reconciliation), Reconciliation),
                     (nameof(DispatchRelay), DispatchRelay),
                     (nameof(LakeHousekeeping), LakeHousekeeping), (nameof(SessionCleanup), SessionCleanup),
                     (nameof(AuditExport), AuditExport),
                 })
        {
            // Quartz cron: 6 or 7 fields, seconds first. Full parsing happens when the scheduler registers the trigger.
            var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            if (fields is not (6 or 7))
            {
                yield return $"Jobs:{key} must be a Quartz cron expression with 6 or 7 fields, seconds first (found '{value}').";
            }
        }
    }
}
