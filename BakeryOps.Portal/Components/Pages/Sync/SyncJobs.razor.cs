using System.Globalization;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Jobs;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Dispatch;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Reconciliation;
using BakeryOps.Infrastructure.Sessions;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Portal.Audit;
using BakeryOps.Portal.Components.Shared;
using BakeryOps.Portal.Identity;
using BakeryOps.Portal.Jobs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BakeryOps.Portal.Components.Pages.Sync;

/// <summary>
/// The JD Edwards syncs (cardex, item master) for planners and admins: their schedules (pause, resume), a run started
/// now, the runs as they start, move and end (notifications over the circuit), and the quarantine by facility and reason with a retry after a fix.
/// </summary>
public sealed partial class SyncJobs : PortalPage
{
    private const int RunsShown = 20;

    private IReadOnlyList<JobView>? _jobs;
    private IReadOnlyList<SyncRunView>? _runs;
    private IReadOnlyList<QuarantineView>? _quarantine;
    private IReadOnlyList<Facility>? _facilities;
    private string? _facility;
    private CardexSyncMode _mode = CardexSyncMode.Incremental;
    private bool _canRun;
    private bool _canRetry;
    private string _user = "portal";
    private volatile bool _left;

    [Inject] private ScheduledJobs Scheduled { get; set; } = default!;
    [Inject] private PageAudit Audit { get; set; } = default!;
    [Inject] private SyncRunCatalog Runs { get; set; } = default!;
    [Inject] private SyncRunNotifications RunNotifications { get; set; } = default!;
    [Inject] private CardexSyncRunner Runner { get; set; } = default!;
    [Inject] private ItemMasterSyncRunner ItemMasterRunner { get; set; } = default!;
    [Inject] private ReconciliationRunner ReconciliationRunner { get; set; } = default!;
    [Inject] private QuarantineCatalog Quarantine { get; set; } = default!;
    [Inject] private InventoryService Inventory { get; set; } = default!;
    [Inject] private IAuthorizationService Authorization { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<SyncJobs> Logger { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override string PageName => "Sync Jobs";

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _user = user.Identity?.Name ?? _user;
        _canRun = (await Authorization.AuthorizeAsync(user, Policies.RunJobs)).Succeeded;
        _canRetry = (await Authorization.AuthorizeAsync(user, Policies.Admin)).Succeeded;
        RunNotifications.RunChanged += OnRunChanged;
        await RunAsync(async () =>
        {
            _facilities = (await Inventory.ListFacilitiesAsync(Cancellation)).Where(f => !string.IsNullOrWhiteSpace(f.JdeBusinessUnit)).ToList();
            _facility = _facilities.FirstOrDefault()?.Id;
            await LoadAsync();
        });
    }

    private async Task LoadAsync()
    {
        _jobs = await Scheduled.ListAsync(Cancellation);
        await LoadRunsAsync();
        _quarantine = (await Quarantine.ListAsync(null, null, includeResolved: false, 0, 500, Cancellation)).Items;
    }

    private async Task LoadRunsAsync() =>
        _runs = (await Runs.ListRunsAsync(CardexSync.Job, null, null, 0, RunsShown, Cancellation)).Items
            .Concat((await Runs.ListRunsAsync(ItemMasterSync.Job, null, null, 0, RunsShown, Cancellation)).Items)
            .Concat((await Runs.ListRunsAsync(ReconciliationService.Job, null, null, 0, RunsShown, Cancellation)).Items)
            .Concat((await Runs.ListRunsAsync(DispatchService.Job, null, null, 0, RunsShown, Cancellation)).Items)
            .Concat((await Runs.ListRunsAsync(SessionCleanupRunner.Job, null, null, 0, RunsShown, Cancellation)).Items)
            .OrderByDescending(r => r.StartedAt).Take(RunsShown).ToList();

    private static bool IsSyncJob(string job) =>
        job is CardexSync.Job or ItemMasterSync.Job or ReconciliationService.Job or DispatchService.Job or SessionCleanupRunner.Job;

    private Task RunNowAsync() => RunAsync(async () =>
    {
        var run = await Runner.StartAsync(_facility!, _mode, _user, Cancellation);
        await RecordRunAsync(CardexSync.Job, run);
        Snackbar.Add($"Cardex sync of {_facility} started.", Severity.Info);
    });

    private Task RunItemMasterNowAsync() => RunAsync(async () =>
    {
        var run = await ItemMasterRunner.StartAsync(_facility!, _user, Cancellation);
        await RecordRunAsync(ItemMasterSync.Job, run);
        Snackbar.Add($"Item master sync of {_facility} started.", Severity.Info);
    });

    private Task SetPausedAsync(string job, bool paused) => RunAsync(async () =>
    {
        await Scheduled.SetPausedAsync(job, paused, Cancellation);
        await Audit.RecordAsync(actor => JobAudit.Paused(actor, job, paused, PageAudit.Method));
        _jobs = await Scheduled.ListAsync(Cancellation);
    });

    private Task RecordRunAsync(string job, Guid run) => Audit.RecordAsync(actor => JobAudit.Run(actor, job, _facility, run, PageAudit.Method));

    private Task CancelAsync(Guid run) => RunAsync(() =>
    {
        if (!Runner.Cancel(run) && !ItemMasterRunner.Cancel(run) && !ReconciliationRunner.Cancel(run))
        {
            Error = "That run is not going in this portal process any more.";
        }

        return Task.CompletedTask;
    });

    private Task RetryAsync(string facility, string reason) => RunAsync(async () =>
    {
        QuarantineReasons.TryParse(reason, out var parsed);
        var run = await Runner.RetryAsync(facility, null, parsed, $"retry by {_user}", Cancellation);
        Snackbar.Add(
            $"Retried {run.Counts.GetValueOrDefault(CardexSyncCounts.Read):N0}: {run.Counts.GetValueOrDefault(CardexSyncCounts.Applied):N0} applied, " +
            $"{run.Counts.GetValueOrDefault(CardexSyncCounts.Quarantined):N0} still waiting.",
            run.Counts.GetValueOrDefault(CardexSyncCounts.Quarantined) == 0 ? Severity.Success : Severity.Warning);
        await LoadAsync();
    });

    // Runs move on background threads: the page reloads its lists on its own dispatcher.
    private void OnRunChanged(SyncRunView run)
    {
        if (_left || !IsSyncJob(run.Job))
        {
            return;
        }

        InvokeAsync(async () =>
        {
            if (_left)
            {
                return;
            }

            // Progress comes with every batch: only the runs move then; the schedule and the quarantine change when a run ends.
            await RunAsync(run.Status == SyncRunStatuses.Name(SyncRunStatus.Running) ? LoadRunsAsync : LoadAsync);
            StateHasChanged();
        }).ContinueWith(
            t => Logger.LogDebug(t.Exception, "The Sync Jobs page missed a run change"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private static Color StatusColor(string status) => status switch
    {
        "running" => Color.Info,
        "succeeded" => Color.Success,
        "cancelled" => Color.Warning,
        _ => Color.Error,
    };

    private static string Counts(SyncRunView run) =>
        string.Join(", ", run.Counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:N0}")));

    private static string ReasonTitle(string reason) => reason switch
    {
        "unknown_item" => "no product for the JD Edwards item",
        "unknown_document_type" => "document type not mapped",
        "unit_not_convertible" => "unit without a conversion",
        "below_zero" => "would take stock below zero",
        _ => reason,
    };

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
