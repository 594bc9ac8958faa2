namespace BakeryOps.Portal.Hosting;

/// <summary>Browser origins allowed to call the API, section <c>Cors</c>.</summary>
public sealed class CorsOptions
{
    public const string SectionName = "Cors";

    /// <summary>Absolute origins such as <c>https://planning.example.com</c>. Empty (default) allows none.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
