using BakeryOps.Domain.Audit;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.Infrastructure.Lake.Writing;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BakeryOps.Tests.Infrastructure.Audit;

/// <summary>
/// The daily <c>audit</c> lake dataset in a portal whose site is in Paris: each closed Paris day written once as its own
/// lake run, read back from Parquet with DuckDB equal to the table; a pass that fails resumes, and a re-run writes nothing twice.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class AuditExportTests(AuditExportFixture fixture) : IClassFixture<AuditExportFixture>
{
    [Fact]
    public async Task Export_WhenAPassFailsAndIsRunAgain_ThenEachClosedDayIsInTheLakeOnceAndEqualsTheTable()
    {
        var days = new[] { new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21) };
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            // Paris is UTC+1 in November: 23:30 UTC on the 20th is already the 21st there; 22:59 UTC on the 21st is its last minute.
            foreach (var (at, target) in new[]
                     {
                         ("2026-11-19T23:10:00Z", "t1"), ("2026-11-20T12:00:00Z", "t2"), ("2026-11-20T22:59:59Z", "t3"),
                         ("2026-11-20T23:30:00Z", "t4"), ("2026-11-21T22:59:00Z", "t5"),
                         ("2026-11-21T23:00:00Z", "open-day"),
                     })
            {
                db.AuditEvents.Add(new AuditEvent
                {
                    OccurredAt = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture),
                    Category = AuditCategories.User, Action = "lock", Outcome = AuditOutcomes.Success, Actor = "alice",
                    ActorKind = AuditActorKinds.User, Address = "10.0.0.8", Target = target, Method = "page", Detail = target == "t2" ? "with, comma" : null,
                });
            }

            await db.SaveChangesAsync();
        }

        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        var lake = fixture.Services.GetRequiredService<ILakeWriter>();

        var failed = await ExportWith(clock, new FailingSecondWrite(lake)).RunAsync("test", CancellationToken.None);
        failed.Status.Should().Be("failed", "the second day's write failed");
        (await CursorAsync()).Should().Be(days[0], "the first day was written and recorded with its file");

        var resumed = await ExportWith(clock, lake).RunAsync("test", CancellationToken.None);
        resumed.Status.Should().Be("succeeded", resumed.Error);
        resumed.Counts.GetValueOrDefault("days").Should().Be(1, "only the day the failed pass missed");
        var again = await ExportWith(clock, lake).RunAsync("test", CancellationToken.None);
        again.Counts.GetValueOrDefault("days").Should().Be(0, "every closed day is written already");
        (await CursorAsync()).Should().Be(days[1]);

        await using var check = await Contexts.CreateDbContextAsync();
        var logs = await check.DispatchLogs.AsNoTracking().Where(d => d.Dataset == AuditRecord.Dataset).ToListAsync();
        logs.Select(l => l.RunId).Should().BeEquivalentTo(days.Select(d => (Guid?)AuditExport.RunIdOf(d)), "one file per closed day");
        var table = await check.AuditEvents.AsNoTracking().Where(e => e.Target != "open-day").OrderBy(e => e.Id).ToListAsync();
        var parquet = LakeDuckDb.Query(
            $"SELECT id, occurred_at, CAST(audit_day AS VARCHAR) AS audit_day, category, action, outcome, actor, actor_kind, method, address, target, detail " +
            $"FROM {LakeDuckDb.Source(Path.Combine(fixture.Factory.DataDirectory, "lake"), "jde-ingestion", AuditRecord.Dataset)} ORDER BY id");
        parquet.Select(r => (long)r["id"]!).Should().Equal(table.Select(e => e.Id), "each row of the closed days exactly once, none of the open day");
        foreach (var (row, e) in parquet.Zip(table))
        {
            LakeDuckDb.AsUtcInstant(row["occurred_at"]).Should().Be(e.OccurredAt);
            new[] { row["category"], row["action"], row["outcome"], row["actor"], row["actor_kind"], row["method"], row["address"], row["target"], row["detail"] }
                .Should().Equal(e.Category, e.Action, e.Outcome, e.Actor, e.ActorKind, e.Method, e.Address, e.Target, e.Detail);
        }

        parquet.Where(r => (string?)r["target"] is "t4" or "t5").Should().OnlyContain(r => (string)r["audit_day"]! == "2026-11-21", "the Paris day");
    }

    private IDbContextFactory<BakeryOpsDbContext> Contexts => fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>();

    private AuditExport ExportWith(TimeProvider clock, ILakeWriter lake) => ActivatorUtilities.CreateInstance<AuditExport>(fixture.Services, clock, lake);

    private async Task<DateOnly?> CursorAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return (await db.SyncCursors.AsNoTracking().FirstOrDefaultAsync(c => c.Stream == AuditExport.CursorStream))?.Position;
    }

    /// <summary>The lake as it is, except that its second write fails before anything is stored.</summary>
    private sealed class FailingSecondWrite(ILakeWriter inner) : ILakeWriter
    {
        private int _writes;

        public Task<LakeWriteResult> WriteRecordsAsync(
            string dataset, IReadOnlyList<IReadOnlyDictionary<string, object?>> records, LakeRun run, CancellationToken cancellationToken) =>
            inner.WriteRecordsAsync(dataset, records, run, cancellationToken);

        public Task<LakeWriteResult> WriteAsync<T>(LakeTable<T> table, IAsyncEnumerable<T> rows, LakeRun run, CancellationToken cancellationToken) =>
            inner.WriteAsync(table, rows, run, cancellationToken);

        public Task<LakeWriteResult> WriteAsync<T>(LakeTable<T> table, IReadOnlyList<T> rows, LakeRun run, CancellationToken cancellationToken) =>
            ++_writes == 2 ? throw new IOException("The lake store is unreachable.") : inner.WriteAsync(table, rows, run, cancellationToken);
    }
}

/// <summary>A portal whose site day is Paris's.</summary>
public sealed class AuditExportFixture : PortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Site:TimeZone"] = "Europe/Paris" };
}
