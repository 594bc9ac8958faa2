using BakeryOps.Domain.Jobs;
using BakeryOps.Infrastructure.Analytics;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Dispatch;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Portal.Components.Shared;
using BakeryOps.Portal.Health;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace BakeryOps.Portal.Components.Pages;

/// <summary>
/// The start page: the dashboard of the default facility (reconciliation, postings, quarantine, today's usage and
/// waste, lake freshness, each job's last run) and every dependency's health. It follows runs, movements and postings
/// as they happen (in-process notifications over the circuit, not polling), reading again at most once per
/// <see cref="ReloadWindow"/> however many arrive.
/// </summary>
public sealed partial class Home : PortalPage
{
    /// <summary>Changes come in bursts (a run's progress, a batch of movements, a dispatch of many postings): one read per window.</summary>
    public static readonly TimeSpan ReloadWindow = TimeSpan.FromMilliseconds(500);

    // Ages ("3 min ago") move on without any change to read: the page renders again this often, reading nothing.
    private static readonly TimeSpan AgeTick = TimeSpan.FromSeconds(30);

    private HealthReport? _report;
    private HealthSummary? _summary;
    private DateTimeOffset? _checkedAt;
    private bool _loading = true;

    private DashboardSnapshot? _snapshot;
    private string? _snapshotError;
    private UsageToday? _usage;
    private string? _usageError;
    private int _reloads;
    private ITimer? _ageTicker;

    // Touched only on the page's dispatcher: what a coming reload reads, and whether one is on its way.
    private bool _reloading;
    private bool _snapshotStale;
    private bool _usageStale;
    private bool _jobsHealthStale;
    private volatile bool _left;

    [Inject] private HealthCheckService HealthChecks { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private DashboardReader Dashboard { get; set; } = default!;
    [Inject] private SyncRunNotifications RunNotifications { get; set; } = default!;
    [Inject] private StockNotifications StockNotifications { get; set; } = default!;
    [Inject] private DispatchNotifications DispatchNotifications { get; set; } = default!;
    [Inject] private IOptions<SyncRunOptions> RunOptions { get; set; } = default!;
    [Inject] private IOptions<SiteOptions> Site { get; set; } = default!;
    [Inject] private ILogger<Home> Logger { get; set; } = default!;

    protected override string PageName => "Home";

    private string FacilityId => Site.Value.DefaultFacilityId;

    private DateTimeOffset Now => Clock.GetUtcNow();

    protected override async Task OnInitializedAsync()
    {
        RunNotifications.RunChanged += OnRunChanged;
        StockNotifications.StockChanged += OnStockChanged;
        DispatchNotifications.Changed += OnPostingsChanged;
        if (RendererInfo.IsInteractive)
        {
            _ageTicker = Clock.CreateTimer(_ => OnAgeTick(), null, AgeTick, AgeTick);
        }

        await Task.WhenAll(RefreshAsync(), LoadDashboardAsync());
    }

    private async Task RefreshAsync()
    {
        _loading = true;
        _report = await HealthChecks.CheckHealthAsync(Cancellation);
        _summary = HealthSummary.From(_report);
        _checkedAt = Clock.GetUtcNow();
        _loading = false;
    }

    private async Task LoadDashboardAsync()
    {
        await LoadSnapshotAsync();
        await LoadUsageAsync();
    }

    // The database being down shows in each tile (the database's health card says why), not as a broken circuit.
    private async Task LoadSnapshotAsync()
    {
        var snapshot = _snapshot;
        _snapshotError = await FailureOfAsync("The database", async () => snapshot = await Dashboard.ReadAsync(FacilityId, Cancellation));
        _snapshot = snapshot;
        _reloads++;
    }

    private async Task LoadUsageAsync()
    {
        UsageToday? usage = null;
        _usageError = await FailureOfAsync("The pivot engine", async () => usage = await Dashboard.ReadUsageTodayAsync(FacilityId, Dates.ZoneId, Cancellation));
        _usage = usage;
    }

    /// <summary>
    /// A tile's read, with the page's way with failures (expected ones in their own words, others logged and told as
    /// "try again"), but as the tile's message rather than the page's: tiles read independently, and at once.
    /// </summary>
    private async Task<string?> FailureOfAsync(string dependency, Func<Task> read)
    {
        try
        {
            await read();
            return null;
        }
        catch (OperationCanceledException) when (_left)
        {
            return null;
        }
        catch (Exception e) when (ExpectedFailureMessage(e) is { } message)
        {
            return message;
        }
        catch (Exception e)
        {
            Logger.LogWarning(e, "The home page could not read from {Dependency}", dependency);
            return $"{dependency} did not answer; try again in a moment. The details are in the portal log.";
        }
    }

    /// <summary>
    /// Only the jobs entry can change when a run ends: the other checks probe JD Edwards and the lake, which every
    /// open home page would otherwise do again after every run.
    /// </summary>
    private async Task RefreshJobsHealthAsync()
    {
        if (_report is null)
        {
            return;
        }

        var jobs = await HealthChecks.CheckHealthAsync(r => r.Name == SyncRunHealthCheck.Name, Cancellation);
        var entries = _report.Entries.ToDictionary(e => e.Key, e => e.Value);
        foreach (var (name, entry) in jobs.Entries)
        {
            entries[name] = entry;
        }

        // The report's overall status is the worst of its entries, so it follows the new jobs entry too.
        _report = new HealthReport(entries, _report.TotalDuration);
        _summary = HealthSummary.From(_report);
    }

    // A run's end may change the jobs entry of the health; its progress changes only the tiles.
    private void OnRunChanged(SyncRunView run) =>
        Reload(usage: false, jobsHealth: run.Status != SyncRunStatuses.Name(SyncRunStatus.Running));

    // A movement changes today's usage and the postings waiting for review.
    private void OnStockChanged(string facilityId)
    {
        if (facilityId == FacilityId)
        {
            Reload(usage: true, jobsHealth: false);
        }
    }

    private void OnPostingsChanged(string facilityId)
    {
        if (facilityId == FacilityId)
        {
            Reload(usage: false, jobsHealth: false);
        }
    }

    // Today starts at another instant in the other zone.
    // Today starts at another instant in the other zone: the usage tile reads again.
    protected override Task OnShownZoneChangedAsync()
    {
        Reload(usage: true, jobsHealth: false);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Notifications come on background threads: the page reads again on its own dispatcher. The first change of a
    /// burst starts one read after <see cref="ReloadWindow"/>; changes meanwhile join it, and changes during the read
    /// ask for one more after another window, so the page reads at most once per window.
    /// </summary>
    private void Reload(bool usage, bool jobsHealth)
    {
        if (_left)
        {
            return;
        }

        InvokeAsync(async () =>
        {
            _snapshotStale = true;
            _usageStale |= usage;
            _jobsHealthStale |= jobsHealth;
            if (_reloading || _left)
            {
                return;
            }

            _reloading = true;
            try
            {
                while (_snapshotStale && !_left)
                {
                    await Task.Delay(ReloadWindow, Clock, Cancellation);
                    var (readUsage, readJobsHealth) = (_usageStale, _jobsHealthStale);
                    (_snapshotStale, _usageStale, _jobsHealthStale) = (false, false, false);
                    await LoadSnapshotAsync();
                    if (readUsage)
                    {
                        await LoadUsageAsync();
                    }

                    if (readJobsHealth)
                    {
                        await RefreshJobsHealthAsync();
                    }

                    StateHasChanged();
                }
            }
            finally
            {
                _reloading = false;
            }
        }).ContinueWith(
            // Only a circuit that went away meanwhile gets here; the next visit reads everything afresh.
            t => Logger.LogDebug(t.Exception, "The home page missed a change"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private void OnAgeTick()
    {
        if (_left)
        {
            return;
        }

        InvokeAsync(() =>
        {
            if (!_left)
            {
                StateHasChanged();
            }
        }).ContinueWith(
            t => Logger.LogDebug(t.Exception, "The home page missed an age tick"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private Severity OverallSeverity => _summary?.Status switch
    {
        "healthy" => Severity.Success,
        "degraded" => Severity.Warning,
        _ => Severity.Error,
    };

    private static Color ChipColor(string status) => status switch
    {
        "healthy" => Color.Success,
        "degraded" => Color.Warning,
        _ => Color.Error,
    };

    private static string Title(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _left = true;
            RunNotifications.RunChanged -= OnRunChanged;
            StockNotifications.StockChanged -= OnStockChanged;
            DispatchNotifications.Changed -= OnPostingsChanged;
            _ageTicker?.Dispose();
        }

        base.Dispose(disposing);
    }
}
