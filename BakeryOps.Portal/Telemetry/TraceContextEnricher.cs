using System.Diagnostics;
using Serilog.Core;
using Serilog.Events;

namespace BakeryOps.Portal.Telemetry;

/// <summary>
/// Adds <c>TraceId</c> and <c>SpanId</c> of the current span to every log event, so a line in the log file or the console
/// leads to its trace in the APM and back.
/// </summary>
public sealed class TraceContextEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (Activity.Current is not { } activity)
        {
            return;
        }

        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("TraceId", activity.TraceId.ToHexString()));
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("SpanId", activity.SpanId.ToHexString()));
    }
}
