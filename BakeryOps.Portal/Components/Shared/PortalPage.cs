using BakeryOps.Domain.Errors;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BakeryOps.Portal.Components.Shared;

/// <summary>
/// What the portal's pages share: a token that is cancelled when the page goes away, the page's error message, actions
/// that turn expected failures into that message and unexpected ones into a logged "try again" (so one failure never
/// ends the user's circuit), and the reload of a server-paged grid.
/// </summary>
public abstract class PortalPage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private ILogger? _logger;

    [Inject] private ILoggerFactory LoggerFactory { get; set; } = default!;

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

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _disposed.Cancel();
            _disposed.Dispose();
        }
    }

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
