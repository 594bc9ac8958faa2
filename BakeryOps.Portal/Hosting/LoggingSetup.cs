using System.Globalization;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Portal.Telemetry;
using Serilog;
using Serilog.Formatting.Compact;

namespace BakeryOps.Portal.Hosting;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog: levels from the <c>Serilog</c> section, text to the console, compact JSON to a daily rolling file
    /// in <c>{data}/logs/</c> (14 days kept).
    /// </summary>
    public static IHostApplicationBuilder AddPortalLogging(this IHostApplicationBuilder builder, DataDirectory dataDirectory)
    {
        var logPath = dataDirectory.Combine("logs", "portal-.json");
        builder.Services.AddSerilog((services, log) => log
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .Enrich.With<TraceContextEnricher>()
            .Enrich.WithProperty("Application", "BakeryOps.Portal")
            .WriteTo.Console(formatProvider: CultureInfo.InvariantCulture)
            .WriteTo.File(new CompactJsonFormatter(), logPath, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14,
                shared: true));
        return builder;
    }
}
