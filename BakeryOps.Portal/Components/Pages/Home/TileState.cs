using MudBlazor;

namespace BakeryOps.Portal.Components.Pages.Dashboard;

/// <summary>How a dashboard tile stands: shown as its edge's colour and as <c>data-state</c> (for tests and styling).</summary>
public enum TileState
{
    /// <summary>Not read yet.</summary>
    Loading,

    /// <summary>Nothing to show (no reconciliation yet, nothing waits); not a problem.</summary>
    Empty,

    /// <summary>Something to show, and all is well.</summary>
    Healthy,

    /// <summary>Needs a look: variances, rows in the quarantine, a lake dataset behind.</summary>
    Warning,

    /// <summary>Something failed: a job, a posting, or the tile's own read.</summary>
    Error,
}

public static class TileStates
{
    public static string Name(this TileState state) => state.ToString().ToLowerInvariant();

    public static Color Color(this TileState state) => state switch
    {
        TileState.Healthy => MudBlazor.Color.Success,
        TileState.Warning => MudBlazor.Color.Warning,
        TileState.Error => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Default,
    };

    /// <summary>The palette variable of the tile's edge.</summary>
    public static string Palette(this TileState state) => state switch
    {
        TileState.Healthy => "var(--mud-palette-success)",
        TileState.Warning => "var(--mud-palette-warning)",
        TileState.Error => "var(--mud-palette-error)",
        _ => "var(--mud-palette-lines-default)",
    };
}
