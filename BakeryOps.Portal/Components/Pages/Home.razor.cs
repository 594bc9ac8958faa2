using System.Globalization;
using BakeryOps.Domain.Jobs;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Portal.Components.Shared;
using BakeryOps.Portal.Health;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace BakeryOps.Portal.Components.Pages;

/// <summary>
/// The start page: every dependency's health, and each background job's latest run, which follows the runs as they
/// start, move and end (notifications over the circuit, not polling).
/// </summary>
public sealed partial class Home : PortalPage
{
    private HealthReport? _report;
    private HealthSummary? _summary;
    private DateTimeOffset? _checkedAt;
    private bool _loading = true;
    private IReadOnlyList<JobStandingView>? _jobs;
    private volatile bool _left;

    [Inject] private HealthCheckService HealthChecks { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private SyncRunCatalog Runs { get; set; } = default!;
    [Inject] private SyncRunNotifications RunNotifications { get; set; } = default!;
    [Inject] private IOptions<SyncRunOptions> RunOptions { get; set; } = default!;
    [Inject] private ILogger<Home> Logger { get; set; } = default!;

    protected override string PageName => "Home";

    protected override async Task OnInitializedAsync()
    {
        RunNotifications.RunChanged += OnRunChanged;
        await Task.WhenAll(RefreshAsync(), LoadJobsAsync());
    }

    private async Task RefreshAsync()
    {
        _loading = true;
        _report = await HealthChecks.CheckHealthAsync(Cancellation);
        _summary = HealthSummary.From(_report);
        _checkedAt = Clock.GetUtcNow();
        _loading = false;
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

    // The database being down shows as the page's message (its health card says why), not as a broken circuit.
    private Task LoadJobsAsync() => RunAsync(async () => _jobs = await Runs.ListJobsAsync(Cancellation));

    // Runs end on background threads: the page reloads on its own dispatcher. A finished run may change the jobs entry.
    private void OnRunChanged(SyncRunView run)
    {
        if (_left)
        {
            return;
        }

        InvokeAsync(async () =>
        {
            if (_left)
            {
                return;
            }

            await LoadJobsAsync();
            if (run.Status != SyncRunStatuses.Name(SyncRunStatus.Running))
            {
                await RefreshJobsHealthAsync();
            }

            StateHasChanged();
        }).ContinueWith(
            // Only a circuit that went away meanwhile gets here; the next visit reads the runs afresh.
            t => Logger.LogDebug(t.Exception, "The home page missed a run change"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private Color RunColor(JobStandingView job) => job switch
    {
        { ConsecutiveFailures: var failures } when failures >= RunOptions.Value.FailuresBeforeDegraded => Color.Error,
        { LastRun.Status: "failed" or "cancelled" } => Color.Warning,
        { LastRun.Status: "running" } => Color.Info,
        _ => Color.Success,
    };

    private static string When(SyncRunView run) =>
        (run.FinishedAt ?? run.StartedAt).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Counts(SyncRunView run) =>
        string.Join(", ", run.Counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value:N0}"));

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
        }

        base.Dispose(disposing);
    }
}
