using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Audit;

/// <summary>
/// The daily <c>audit</c> lake dataset: each closed day (midnight to midnight in <c>Site:TimeZone</c>) written once,
/// oldest first, one lake run (a file and its manifest) per day, every pass a recorded <c>audit-export</c> run.
/// </summary>
/// <remarks>
/// The last day written is a <c>sync_cursors</c> row (stream <c>audit-export</c>, on the site's default facility, as
/// the table keys cursors by facility) that moves in the same transaction as the day's <c>dispatch_logs</c> rows, so a
/// day is never recorded as written without its file or the other way round; a pass that fails resumes at the day
/// after the cursor. A day's lake run id is derived from the day, and a day whose run is already in
/// <c>dispatch_logs</c> (a commit whose outcome was unknown) is not written again. The first pass starts at the day of
/// the oldest audit row.
/// </remarks>
public sealed class AuditExport(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    AuditReader reader,
    ILakeWriter lake,
    SyncRunRecorder recorder,
    IOptions<SiteOptions> site,
    TimeProvider clock)
{
    public const string Job = "audit-export";
    public const string CursorStream = "audit-export";

    /// <summary>Days one pass writes at most, so a long outage is caught up over a few passes rather than one long one.</summary>
    public const int MaxDaysPerRun = 31;

    public Task<SyncRunView> RunAsync(string trigger, CancellationToken cancellationToken) =>
        recorder.RunAsync(Job, trigger, null, ExportAsync, cancellationToken);

    /// <summary>The lake run id of a day's file: the same for every attempt at that day.</summary>
    public static Guid RunIdOf(DateOnly day) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes($"{Job}/{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}")));

    private async Task ExportAsync(SyncRunHandle run, CancellationToken cancellationToken)
    {
        var zone = site.Value.TimeZoneInfo;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        var first = await FirstDayAsync(zone, today, cancellationToken);
        var written = 0;
        for (var day = first; day < today && written < MaxDaysPerRun; day = day.AddDays(1), written++)
        {
            await run.ReportProgressAsync($"Writing the audit of {day:yyyy-MM-dd}", cancellationToken);
            var runId = RunIdOf(day);
            if (await IsWrittenAsync(runId, cancellationToken))
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                await AdvanceAsync(db, day, cancellationToken);
                continue;
            }

            var (from, to) = (Start(day, zone), Start(day.AddDays(1), zone));
            var rows = (await reader.ReadWindowAsync(from, to, cancellationToken)).Select(r => new AuditRecord(r, day)).ToList();
            var result = await lake.WriteAsync(AuditRecord.Table, rows,
                new LakeRun(runId, Job, $"audit of {day:yyyy-MM-dd} in {zone.Id}: {from:O} to {to:O}", (db, _, ct) => AdvanceAsync(db, day, ct)),
                cancellationToken);
            run.Count("days");
            run.Count("rows", result.Rows);
        }
    }

    private async Task<DateOnly> FirstDayAsync(TimeZoneInfo zone, DateOnly today, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var facility = site.Value.DefaultFacilityId;
        var cursor = await db.SyncCursors.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Stream == CursorStream && c.FacilityId == facility, cancellationToken);
        if (cursor is not null)
        {
            return cursor.Position.AddDays(1);
        }

        var oldest = await db.AuditEvents.AsNoTracking().OrderBy(e => e.OccurredAt).Select(e => (DateTimeOffset?)e.OccurredAt).FirstOrDefaultAsync(cancellationToken);
        return oldest is { } instant ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime) : today;
    }

    private async Task<bool> IsWrittenAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DispatchLogs.AsNoTracking().AnyAsync(d => d.Dataset == AuditRecord.Dataset && d.RunId == runId, cancellationToken);
    }

    /// <summary>Moves the cursor to <paramref name="day"/> and saves, in the caller's transaction (the lake run's commit).</summary>
    private async Task AdvanceAsync(BakeryOpsDbContext db, DateOnly day, CancellationToken cancellationToken)
    {
        var facility = site.Value.DefaultFacilityId;
        var cursor = await db.SyncCursors.FirstOrDefaultAsync(c => c.Stream == CursorStream && c.FacilityId == facility, cancellationToken);
        if (cursor is null)
        {
            db.SyncCursors.Add(new SyncCursor { Stream = CursorStream, FacilityId = facility, Position = day, UpdatedAt = clock.GetUtcNow() });
        }
        else if (cursor.Position < day)
        {
            (cursor.Position, cursor.UpdatedAt) = (day, clock.GetUtcNow());
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    // Local midnight as an instant; a midnight skipped by a clock change counts from the hour after it.
    private static DateTimeOffset Start(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
