using MudBlazor;

namespace Portal.Web.Components.Layout;

/// <summary>
/// MudBlazor's theme with colours that meet WCAG 2.1 AA contrast (4.5:1 for text) in both modes. Its light defaults
/// (error #F44336, warning #FF9800, info #2196F3, success #00C853) show text at 2.1–3.7:1 on white, so they are darker
/// here; its dark defaults put mid-tone text on dark surfaces (primary 2.8:1, labels 4.3:1), so they are lighter (the
/// primary 5:1 even on a hovered tab), with dark text on the filled buttons and chips. Alerts write their text in the
/// "darken" shade, which in dark mode must be the light one.
/// </summary>
public static class PortalTheme
{
    private const string DarkSurfaceText = "#1E1E2D";

    public static MudTheme Default { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Error = "#C62828",
            Warning = "#9A5B00",
            Info = "#0A5CAD",
            Success = "#1E7B34",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#B3ABF3",
            PrimaryDarken = "#B3ABF3",
            PrimaryContrastText = DarkSurfaceText,
            Error = "#FF8A80",
            ErrorDarken = "#FF8A80",
            ErrorContrastText = DarkSurfaceText,
            Warning = "#FFB74D",
            WarningDarken = "#FFB74D",
            WarningContrastText = DarkSurfaceText,
            Info = "#64B5F6",
            InfoDarken = "#64B5F6",
            InfoContrastText = DarkSurfaceText,
            Success = "#66BB6A",
            SuccessDarken = "#66BB6A",
            SuccessContrastText = DarkSurfaceText,
            TextSecondary = "rgba(255,255,255,0.70)",
            DrawerText = "rgba(255,255,255,0.80)",
        },
    };
}
