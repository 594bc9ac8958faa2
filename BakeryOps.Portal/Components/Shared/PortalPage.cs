using BakeryOps.Domain.Errors;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BakeryOps.Portal.Components.Shared;

/// <summary>
/// What the portal's pages share: a token that is cancelled when the page goes away, the page's error message, actions
/// that turn expected failures into that message and unexpected ones into a logged "try again" (so one failure never
/// ends the user's circuit), the reload of a server-paged grid, and the zone instants are shown in (a page renders
/// again when the user switches between the site's zone and UTC).
/// </summary>
public abstract class PortalPage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private ILogger? _logger;
    private bool _followsZone;
    private bool _left;

    [Inject] private ILoggerFactory LoggerFactory { get; set; } = default!;

    /// <summary>Every instant the page shows, and every date the user types, is in this zone (see <see cref="TimeDisplay"/>).</summary>
    [Inject] protected TimeDisplay Dates { get; set; } = default!;

    /// <summary>The page as the log names it.</summary>
    protected abstract string PageName { get; }

    /// <summary>What the page's actions depend on, as the message for an unexpected failure names it.</summary>
    protected virtual string Dependencies => "The database";

    /// <summary>Cancelled when the user leaves the page, so its work stops with it.</summary>
    protected CancellationToken Cancellation => _disposed.Token;

    /// <summary>The page's message for the last action that failed, or null.</summary>
    protected string? Error { get; set; }

    // The log category is the page's own type, as with an injected ILogger<TPage>.
    private ILogger Logger => _logger ??= LoggerFactory.CreateLogger(GetType());

    /// <summary>Runs a user's action: clears the page's message first, and sets it when the action fails.</summary>
    protected async Task RunAsync(Func<Task> action)
    {
        Error = null;
        await TryAsync(action);
    }

    /// <summary>
    /// Loads data beside the user's actions (a grid's page, an autocomplete's list): an earlier message stays, and a
    /// failed load sets the message and gives <paramref name="fallback"/>.
    /// </summary>
    protected async Task<T> LoadAsync<T>(Func<Task<T>> load, T fallback)
    {
        var result = fallback;
        if (!await TryAsync(async () => result = await load()))
        {
            // A grid calls this outside the page's own events, which would not render the message.
            StateHasChanged();
        }

        return result;
    }

    /// <summary>
    /// The message for a failure this page expects, or null for one it does not (which is logged). By default the
    /// domain's refusals, whose messages are written for the user.
    /// </summary>
    protected virtual string? ExpectedFailureMessage(Exception exception) =>
        exception is NotFoundException or RequestValidationException or ConflictException or ForbiddenException ? exception.Message : null;

    /// <summary>
    /// What the page does, beyond rendering again, when the user switches between the site's zone and UTC: a page whose
    /// loaded data depends on the zone (a date filter's day boundaries, labels built at load) reloads it here.
    /// </summary>
    protected virtual Task OnShownZoneChangedAsync() => Task.CompletedTask;

    /// <summary>Shows a changed filter's results from the first page; moving there reloads the grid by itself.</summary>
    protected static async Task ReloadGridAsync<T>(MudDataGrid<T>? grid)
    {
        if (grid is null)
        {
            return;
        }

        if (grid.CurrentPage > 0)
        {
            grid.NavigateTo(Page.First);
            return;
        }

        await grid.ReloadServerData();
    }

    public override Task SetParametersAsync(ParameterView parameters)
    {
        // Here rather than in OnInitialized, which pages override without calling the base: every page follows the
        // user's choice of zone without having to ask for it.
        if (!_followsZone)
        {
            Dates.Changed += OnShownZoneChanged;
            _followsZone = true;
        }

        return base.SetParametersAsync(parameters);
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _left = true;
            if (_followsZone)
            {
                Dates.Changed -= OnShownZoneChanged;
            }

            _disposed.Cancel();
            _disposed.Dispose();
        }
    }

    // The zone switch raises Changed on this circuit's dispatcher; InvokeAsync keeps that true for any other caller. The
    // task is not awaited by anyone: TryAsync turns every failure of the page's reload into its message and a log entry.
    private void OnShownZoneChanged() => _ = InvokeAsync(async () =>
    {
        if (!_left)
        {
            await TryAsync(OnShownZoneChangedAsync);
            StateHasChanged();
        }
    });

    private async Task<bool> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (OperationCanceledException)
        {
            // The user left or replaced the request: nobody waits for an answer.
        }
        catch (Exception e) when (ExpectedFailureMessage(e) is { } message)
        {
            Error = message;
        }
        catch (Exception e)
        {
            // A dependency being down must show as a message, not end the user's circuit.
            Logger.LogWarning(e, "The {Page} page could not complete an action", PageName);
            Error = $"{Dependencies} did not answer; try again in a moment. The details are in the portal log.";
        }

        return false;
    }
}
