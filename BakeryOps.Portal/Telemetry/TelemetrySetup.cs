using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Telemetry;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BakeryOps.Portal.Telemetry;

/// <summary>
/// OpenTelemetry metrics and traces: ASP.NET Core, HttpClient (the JD Edwards calls), Npgsql, the .NET runtime and the
/// product's own <c>BakeryOps</c> meter and activity source. Metrics are scraped at <c>/metrics</c>; both signals also go
/// by OTLP when <c>Telemetry:Otlp:Endpoint</c> is set. Spans are made whether or not they are exported, so W3C trace
/// context reaches JD Edwards and every log line carries its trace and span id.
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    public static IHostApplicationBuilder AddPortalTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<TelemetryOptions>(TelemetryOptions.SectionName, o => o.Validate());
        builder.Services.AddSingleton<IAuthorizationHandler, MetricsAccessHandler>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(MetricsAccessRequirement.PolicyName, p => p.AddRequirements(new MetricsAccessRequirement()));

        // Which exporters exist is decided once, at start; the options validation above reports a bad value by name.
        var settings = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = settings.Otlp.Endpoint is { Length: > 0 } endpoint && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri : null;

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(settings.ServiceName, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter("Npgsql")
                    .AddMeter(BakeryOpsTelemetry.Name)
                    .AddPrometheusExporter();
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => Configure(o, otlp, settings.Otlp, "v1/metrics"));
                }
            })
            .WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsQuiet(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddSource(BakeryOpsTelemetry.Name);
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(o => Configure(o, otlp, settings.Otlp, "v1/traces"));
                }
            });

        // A listener takes every meter of a name in the process. ASP.NET Core makes its meters through each host's
        // IMeterFactory, so in a process with more than one host (the tests run dozens) the others' requests would be
        // counted here too, and their routes would crowd out this portal's past the cardinality limit.
        builder.Services.ConfigureOpenTelemetryMeterProvider((services, metrics) =>
        {
            var own = services.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument =>
                instrument.Meter.Scope is IMeterFactory scope && !ReferenceEquals(scope, own) ? MetricStreamConfiguration.Drop : null);
        });
        return builder;
    }

    /// <summary>Maps <c>/metrics</c> behind the scrape policy (Admin or Integration token, or an allowed network).</summary>
    public static WebApplication MapPortalMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(MetricsAccessRequirement.PolicyName);
        return app;
    }

    // Scrapes, probes and static files would drown the request traces; their durations are still in the metrics.
    private static bool IsQuiet(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/health") || path.StartsWithSegments("/_framework")
        || path.StartsWithSegments("/_content");

    private static void Configure(OtlpExporterOptions exporter, Uri endpoint, OtlpOptions settings, string signalPath)
    {
        var http = settings.Protocol == OtlpOptions.HttpProtobuf;
        exporter.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        // Over HTTP each signal has its own path under the collector's base address; gRPC takes the address as it is.
        exporter.Endpoint = http ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath) : endpoint;
        if (settings.Headers is { Length: > 0 } headers)
        {
            exporter.Headers = headers;
        }
    }
}
