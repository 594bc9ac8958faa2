using System.Net;

namespace BakeryOps.Portal.Telemetry;

/// <summary>Metrics and traces, section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>The <c>service.name</c> resource attribute every metric and span carries.</summary>
    public string ServiceName { get; set; } = "bakeryops-portal";

    public OtlpOptions Otlp { get; set; } = new();

    public MetricsOptions Metrics { get; set; } = new();

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            yield return "Telemetry:ServiceName must not be empty (it names the portal in Grafana and the APM).";
        }

        if (Otlp.Endpoint is { Length: > 0 } endpoint
            && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return $"Telemetry:Otlp:Endpoint must be an absolute http or https address such as http://collector:4317, not '{endpoint}'.";
        }

        if (Otlp.Protocol is not (OtlpOptions.Grpc or OtlpOptions.HttpProtobuf))
        {
            yield return $"Telemetry:Otlp:Protocol must be '{OtlpOptions.Grpc}' or '{OtlpOptions.HttpProtobuf}', not '{Otlp.Protocol}'.";
        }

        foreach (var network in Metrics.AllowedNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                yield return $"Telemetry:Metrics:AllowedNetworks holds '{network}', which is not a network in CIDR form such as 10.0.0.0/8 or 127.0.0.1/32.";
            }
        }
    }
}

/// <summary>Export to an OpenTelemetry collector or APM, off while <see cref="Endpoint"/> is empty.</summary>
public sealed class OtlpOptions
{
    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>Such as <c>http://collector:4317</c> (gRPC) or <c>http://collector:4318</c> (HTTP); empty sends nothing.</summary>
    public string? Endpoint { get; set; }

    public string Protocol { get; set; } = Grpc;

    /// <summary>Extra headers for the collector (an APM's API key), as <c>name=value,name2=value2</c>.</summary>
    public string? Headers { get; set; }
}

/// <summary>Who may scrape <c>/metrics</c> besides Admin and Integration bearer tokens.</summary>
public sealed class MetricsOptions
{
    /// <summary>
    /// Networks in CIDR form whose callers may scrape without a token (the Prometheus server's address, say). Empty
    /// (default) allows none: the endpoint is not anonymous on the internet.
    /// </summary>
    public string[] AllowedNetworks { get; set; } = [];
}
