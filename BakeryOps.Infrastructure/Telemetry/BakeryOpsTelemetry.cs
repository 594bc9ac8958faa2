using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BakeryOps.Infrastructure.Telemetry;

/// <summary>
/// The product's one meter and one activity source, both named <see cref="Name"/>. They are static, as .NET's own
/// libraries do it, so any part of Infrastructure can record without a dependency being passed through; the portal's
/// OpenTelemetry set-up listens to them by name.
/// </summary>
public static class BakeryOpsTelemetry
{
    public const string Name = "BakeryOps";

    public static ActivitySource Source { get; } = new(Name, typeof(BakeryOpsTelemetry).Assembly.GetName().Version?.ToString());

    internal static Meter Meter { get; } = new(Name, typeof(BakeryOpsTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Starts a span that begins its own trace, linked to the caller's when there is one: a background run outlives the
    /// request that started it and must not make that request's trace last as long as the run.
    /// </summary>
    public static Activity? StartRoot(string name)
    {
        var caller = Activity.Current;
        Activity.Current = null;
        var links = caller is null ? null : new[] { new ActivityLink(caller.Context) };
        // Activity.Current is restored when the calling async method returns, so the caller keeps its own span.
        return Source.StartActivity(ActivityKind.Internal, parentContext: default, links: links, name: name);
    }

    /// <summary>Marks the span failed with the exception as an event, the way OpenTelemetry's conventions expect.</summary>
    public static void Failed(this Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.AddException(exception);
    }
}
