using MudBlazor;

namespace BakeryOps.Portal.Components.Layout;

/// <summary>The portal's palette. System fonts only: the portal must work with no internet.</summary>
public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#8d5524",
            Secondary = "#c68642",
            AppbarBackground = "#5d3a1a",
            Background = "#faf7f2",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
    };
}
