using System.Diagnostics;
using BakeryOps.Portal.Telemetry;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace BakeryOps.Tests.Portal.Telemetry;

public sealed class TelemetryOptionsTests
{
    [Fact]
    public void Validate_WhenASettingIsWrong_NamesTheSetting()
    {
        var options = new TelemetryOptions
        {
            Otlp = new OtlpOptions { Endpoint = "collector:4317", Protocol = "udp" },
            Metrics = new MetricsOptions { AllowedNetworks = ["10.0.0.0/8", "the office"] },
        };

        options.Validate().Should().BeEquivalentTo(
            "Telemetry:Otlp:Endpoint must be an absolute http or https address such as http://collector:4317, not 'collector:4317'.",
            "Telemetry:Otlp:Protocol must be 'grpc' or 'http/protobuf', not 'udp'.",
            "Telemetry:Metrics:AllowedNetworks holds 'the office', which is not a network in CIDR form such as 10.0.0.0/8 or 127.0.0.1/32.");
        new TelemetryOptions().Validate().Should().BeEmpty("OTLP is off and no network may scrape by default");
    }

    [Fact]
    public void TraceContextEnricher_WhenASpanIsCurrent_AddsItsTraceAndSpanIds()
    {
        var sink = new CollectingSink();
        using var logger = new LoggerConfiguration().Enrich.With<TraceContextEnricher>().WriteTo.Sink(sink).CreateLogger();
        using (var span = new Activity("telemetry-test").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            logger.Information("Inside a span");
            sink.Events.Should().ContainSingle().Which.Properties.Should()
                .Contain("TraceId", new ScalarValue(span.TraceId.ToHexString()))
                .And.Contain("SpanId", new ScalarValue(span.SpanId.ToHexString()));
        }

        logger.Information("Outside any span");
        sink.Events[1].Properties.Should().NotContainKey("TraceId");
    }

    private sealed class CollectingSink : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
