using System.Globalization;
using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Paging;
using BakeryOps.Infrastructure.Audit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BakeryOps.Portal.Components.Pages.Admin;

/// <summary>
/// The audit log for administrators: filtered like <c>GET /audit/events</c> (days in the shown zone), newest first,
/// paged, exported as CSV with exactly the filters shown, and new rows shown as they are recorded.
/// </summary>
public sealed partial class AuditLogPage
{
    /// <summary>Rows recorded within this window after the first are shown with one read.</summary>
    internal static TimeSpan ReloadWindow { get; set; } = TimeSpan.FromSeconds(1);

    private static readonly int[] PageSizes = [25, 50, 100];

    private MudDataGrid<AuditEventRow>? _grid;
    private DateRange? _range;
    private string? _category;
    private string? _outcome;
    private string? _actor;
    private string? _target;
    private string? _text;
    private int _newRows;
    private bool _reloadPending;

    [Inject] private AuditReader Reader { get; set; } = default!;
    [Inject] private AuditNotifications Notifications { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    protected override string PageName => "Audit log";

    /// <summary>The grid's filters as the reader and the API take them; the range's days start at midnight in the shown zone.</summary>
    internal AuditQuery Query => new(StartOfDay(_range?.Start), StartOfDay(_range?.End?.AddDays(1)), _category, _outcome, _actor, _target, null, _text);

    /// <summary>The CSV download of every row the filters select.</summary>
    internal string ExportHref
    {
        get
        {
            var query = Query;
            var parameters = new List<string>();
            void Add(string name, string? value)
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    parameters.Add($"{name}={Uri.EscapeDataString(value)}");
                }
            }

            Add("from", query.From?.ToString("O", CultureInfo.InvariantCulture));
            Add("to", query.To?.ToString("O", CultureInfo.InvariantCulture));
            Add("category", query.Category);
            Add("outcome", query.Outcome);
            Add("actor", query.Actor);
            Add("target", query.Target);
            Add("q", query.Text);
            parameters.Add("format=csv");
            return "audit/events?" + string.Join("&", parameters);
        }
    }

    protected override void OnInitialized() => Notifications.Recorded += OnRecorded;

    private async Task<GridData<AuditEventRow>> LoadAsync(GridState<AuditEventRow> state, CancellationToken cancellationToken)
    {
        var page = await LoadAsync(
            () => Reader.PageAsync(Query, new PageRequest(state.Page * state.PageSize, state.PageSize), cancellationToken),
            PagedResult<AuditEventRow>.Empty);
        if (state.Page == 0)
        {
            _newRows = 0;
        }

        return new GridData<AuditEventRow> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private Task OnRangeChangedAsync(DateRange? range)
    {
        _range = range;
        return ReloadGridAsync(_grid);
    }

    private Task OnCategoryChangedAsync(string? category)
    {
        _category = category;
        return ReloadGridAsync(_grid);
    }

    private Task OnOutcomeChangedAsync(string? outcome)
    {
        _outcome = outcome;
        return ReloadGridAsync(_grid);
    }

    private Task OnActorChangedAsync(string? actor)
    {
        _actor = actor;
        return ReloadGridAsync(_grid);
    }

    private Task OnTargetChangedAsync(string? target)
    {
        _target = target;
        return ReloadGridAsync(_grid);
    }

    private Task OnTextChangedAsync(string? text)
    {
        _text = text;
        return ReloadGridAsync(_grid);
    }

    // The days begin at another instant in the other zone.
    protected override Task OnShownZoneChangedAsync() => _range is null ? Task.CompletedTask : ReloadGridAsync(_grid);

    private DateTimeOffset? StartOfDay(DateTime? date) => date is { } day
        ? new DateTimeOffset(day.Date, Dates.Zone.GetUtcOffset(day.Date)).ToUniversalTime()
        : null;

    /// <summary>
    /// Rows are recorded on any thread: the first of a burst starts one read of the grid after <see cref="ReloadWindow"/>
    /// on the page's dispatcher, and rows meanwhile join it. The first page shows them; a later page keeps its rows and
    /// the count of new ones says there is more.
    /// </summary>
    private void OnRecorded(AuditEvent row) => _ = InvokeAsync(async () =>
    {
        _newRows++;
        if (_reloadPending)
        {
            return;
        }

        _reloadPending = true;
        try
        {
            await Task.Delay(ReloadWindow, Clock, Cancellation);
            if (_grid is { CurrentPage: 0 })
            {
                await _grid.ReloadServerData();
            }

            StateHasChanged();
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
        finally
        {
            _reloadPending = false;
        }
    });

    private static Color OutcomeColor(string outcome) => outcome switch
    {
        AuditOutcomes.Success => Color.Success,
        AuditOutcomes.Denied => Color.Warning,
        _ => Color.Error,
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Notifications.Recorded -= OnRecorded;
        }

        base.Dispose(disposing);
    }
}
