using BakeryOps.Domain.Jobs;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BakeryOps.Tests.Infrastructure.Jobs;

/// <summary>Every background run is recorded with its outcome, and a job that keeps failing degrades /health.</summary>
public abstract class SyncRunRecorderTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Job = "test-job";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly List<SyncRunView> _published = [];
    private TestDatabase _database = null!;
    private SyncRunRecorder _recorder = null!;
    private SyncRunCatalog _catalog = null!;

    private SyncRunOptions Options { get; } = new() { FailuresBeforeDegraded = 2, RunHistoryDays = 7 };

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync(provider);
        var notifications = new SyncRunNotifications(NullLogger<SyncRunNotifications>.Instance);
        notifications.RunChanged += _published.Add;
        _recorder = new SyncRunRecorder(
            _database.ContextFactory(), notifications, Microsoft.Extensions.Options.Options.Create(Options), _clock, NullLogger<SyncRunRecorder>.Instance);
        _catalog = new SyncRunCatalog(_database.ContextFactory());
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Run_WhenTheWorkSucceeds_ThenTheRunIsRecordedWithItsCountsAndEveryChangeIsPublished()
    {
        var view = await _recorder.RunAsync(Job, "schedule", "default_facility", async (run, ct) =>
        {
            run.Count("records", 3);
            run.Count("records");
            await run.ReportProgressAsync("half way", ct);
            _clock.Advance(TimeSpan.FromSeconds(5));
        }, default);

        var stored = await StoredAsync(view.Id);
        stored.Status.Should().Be(SyncRunStatus.Succeeded);
        stored.Counts.Should().Equal(new Dictionary<string, long> { ["records"] = 4 });
        stored.FacilityId.Should().Be("default_facility");
        stored.Trigger.Should().Be("schedule");
        stored.Node.Should().Be(Environment.MachineName);
        (stored.FinishedAt - stored.StartedAt).Should().Be(TimeSpan.FromSeconds(5));
        stored.Error.Should().BeNull();
        stored.Progress.Should().BeNull("progress only means something while a run goes");
        _published.Select(p => (p.Status, p.Progress)).Should().Equal(("running", null), ("running", "half way"), ("succeeded", null));
    }

    [Fact]
    public async Task Run_WhenTheWorkThrows_ThenTheRunIsFailedWithTheErrorInWordsAndNothingIsThrown()
    {
        var view = await _recorder.RunAsync(Job, "schedule", null, (run, _) =>
        {
            run.Count("records", 2);
            throw new InvalidOperationException("The lake store did not answer.", new IOException("Connection refused (127.0.0.1:9)"));
        }, default);

        view.Status.Should().Be("failed");
        var stored = await StoredAsync(view.Id);
        stored.Status.Should().Be(SyncRunStatus.Failed);
        stored.Error.Should().Be("The lake store did not answer. — Connection refused (127.0.0.1:9)");
        stored.Counts["records"].Should().Be(2);
    }

    [Fact]
    public async Task Run_WhenPartOfTheWorkFailsAndTheRestGoesOn_ThenTheRunIsFailedWithEveryReason()
    {
        var view = await _recorder.RunAsync(Job, "schedule", null, (run, _) =>
        {
            run.Fail("products: refused.");
            run.Count("movements", 5);
            run.Fail("movements: timed out.");
            return Task.CompletedTask;
        }, default);

        var stored = await StoredAsync(view.Id);
        stored.Status.Should().Be(SyncRunStatus.Failed);
        stored.Error.Should().Be("products: refused. movements: timed out.");
        stored.Counts["movements"].Should().Be(5);
    }

    [Fact]
    public async Task Run_WhenItsTokenIsCancelled_ThenTheRunIsRecordedCancelled()
    {
        using var stopping = new CancellationTokenSource();

        var view = await _recorder.RunAsync(Job, "shutdown", null, async (_, ct) =>
        {
            await stopping.CancelAsync();
            ct.ThrowIfCancellationRequested();
        }, stopping.Token);

        (await StoredAsync(view.Id)).Status.Should().Be(SyncRunStatus.Cancelled);
    }

    [Fact]
    public async Task CloseInterrupted_WhenThisNodeLeftARunRunning_ThenItIsFailedAsInterruptedAndOtherNodesAreLeftAlone()
    {
        await using (var db = _database.CreateContext())
        {
            db.SyncRuns.AddRange(
                new SyncRun { Id = Guid.NewGuid(), Job = Job, Trigger = "schedule", Node = SyncRunRecorder.Node, StartedAt = _clock.GetUtcNow() },
                new SyncRun { Id = Guid.NewGuid(), Job = Job, Trigger = "schedule", Node = "another-node", StartedAt = _clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        var closed = await _recorder.CloseInterruptedAsync(default);

        closed.Should().Be(1);
        await using var check = _database.CreateContext();
        var runs = await check.SyncRuns.AsNoTracking().ToListAsync();
        runs.Single(r => r.Node == SyncRunRecorder.Node).Should().Match<SyncRun>(r =>
            r.Status == SyncRunStatus.Failed && r.Error!.StartsWith("Interrupted") && r.FinishedAt != null);
        runs.Single(r => r.Node == "another-node").Status.Should().Be(SyncRunStatus.Running);
    }

    [Fact]
    public async Task Catalog_WhenAJobFailedAfterASuccess_ThenItCountsOnlyTheFailuresSinceTheSuccess()
    {
        await RunAsync(Job, fail: true);
        await RunAsync(Job, fail: false);
        await RunAsync(Job, fail: true);
        await RunAsync(Job, fail: true);
        await RunAsync("other-job", fail: false);

        var jobs = await _catalog.ListJobsAsync(default);

        jobs.Select(j => j.Job).Should().Equal("other-job", Job);
        var standing = jobs.Single(j => j.Job == Job);
        standing.ConsecutiveFailures.Should().Be(2);
        standing.LastRun.Status.Should().Be("failed");
        standing.LastRun.Error.Should().Be("Run 4 failed.");
        standing.LastSucceededAt.Should().NotBeNull();
        jobs.Single(j => j.Job == "other-job").ConsecutiveFailures.Should().Be(0);
    }

    [Fact]
    public async Task Health_WhenAJobFailsTheConfiguredNumberOfTimesInARow_ThenItIsDegradedNamingTheJobAndError()
    {
        var health = new SyncRunHealthCheck(_catalog, Microsoft.Extensions.Options.Options.Create(Options));
        (await health.CheckHealthAsync(new HealthCheckContext())).Status.Should().Be(HealthStatus.Healthy, "no job has run yet");

        await RunAsync(Job, fail: false);
        await RunAsync(Job, fail: true);
        var once = await health.CheckHealthAsync(new HealthCheckContext());
        await RunAsync(Job, fail: true);
        var twice = await health.CheckHealthAsync(new HealthCheckContext());
        await RunAsync(Job, fail: false);
        var recovered = await health.CheckHealthAsync(new HealthCheckContext());

        once.Status.Should().Be(HealthStatus.Healthy);
        twice.Status.Should().Be(HealthStatus.Degraded);
        twice.Description.Should().Contain($"{Job}: the last 2 runs failed").And.Contain("Run 3 failed.");
        twice.Data[Job].Should().Be("failed at 2026-12-02 08:00:03Z, 2 failure(s) in a row");
        recovered.Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task Prune_WhenRunsAreOlderThanTheHistory_ThenFinishedOnesAreRemovedAndRunningOnesKept()
    {
        await RunAsync(Job, fail: false);
        await using (var db = _database.CreateContext())
        {
            db.SyncRuns.Add(new SyncRun { Id = Guid.NewGuid(), Job = Job, Trigger = "schedule", Node = "another-node", StartedAt = _clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        _clock.Advance(TimeSpan.FromDays(Options.RunHistoryDays + 1));
        await RunAsync(Job, fail: false);

        await using var check = _database.CreateContext();
        var left = await check.SyncRuns.AsNoTracking().ToListAsync();
        left.Should().HaveCount(2);
        left.Should().ContainSingle(r => r.Status == SyncRunStatus.Running);
        left.Should().ContainSingle(r => r.Status == SyncRunStatus.Succeeded && r.StartedAt == _clock.GetUtcNow());
    }

    private int _runs;

    // Runs of one job never overlap, so each starts later than the one before.
    private Task<SyncRunView> RunAsync(string job, bool fail)
    {
        var number = ++_runs;
        _clock.Advance(TimeSpan.FromSeconds(1));
        return _recorder.RunAsync(job, "schedule", null, (run, _) =>
        {
            if (fail)
            {
                run.Fail($"Run {number} failed.");
            }

            return Task.CompletedTask;
        }, default);
    }

    private async Task<SyncRun> StoredAsync(Guid id)
    {
        await using var db = _database.CreateContext();
        return await db.SyncRuns.AsNoTracking().SingleAsync(r => r.Id == id);
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteSyncRunRecorderTests() : SyncRunRecorderTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresSyncRunRecorderTests() : SyncRunRecorderTests(DatabaseProvider.Postgres);
