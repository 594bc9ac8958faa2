using System.Text.Json;
using System.Text.RegularExpressions;
using BakeryOps.Infrastructure.Jde.Simulator;

namespace BakeryOps.Tests.Portal.Endpoints;

/// <summary>What the good values point at: things that exist, so a request fails only because of its hostile slot.</summary>
internal sealed record SweepData(string ProductId, string Dataset, string LakeKey, string ManifestKey, JdeSimulatorAccount JdeAccount)
{
    public const string VictimUser = "sweep-victim";
    public const string VictimPassword = "Sweep-Victim-Passw0rd!";
}

internal sealed record SweepRouteSlot(string Name, bool IsCatchAll);

internal sealed partial record SweepEndpoint(string Method, string Pattern, IReadOnlyList<SweepRouteSlot> Route, bool Anonymous)
{
    /// <summary>The path as the OpenAPI document writes it: <c>{name}</c> without constraints or catch-all stars.</summary>
    public string Path => Parameter().Replace(Pattern, m => "{" + m.Groups["name"].Value + "}");

    public string Name => $"{Method} {Path}";

    [GeneratedRegex(@"\{\*{0,2}(?<name>[^}:=?]+)[^}]*\}")]
    public static partial Regex Parameter();
}

/// <summary>One request of the sweep: which endpoint (and simulator orchestration), which slot, which hostile value.</summary>
internal sealed record SweepRequest(
    SweepEndpoint Endpoint, string Variant, string Slot, string Value, HttpMethod Method, string Target, bool Anonymous,
    byte[]? Body, string? ContentType, KeyValuePair<string, string>? Header)
{
    /// <summary>The hostile value breaks the input rule: any answer but a refusal (4xx) means it got through.</summary>
    public bool MustBeRefused { get; init; }

    public const string BaselineSlot = "baseline";

    public string Name => Variant.Length == 0 ? Endpoint.Name : $"{Endpoint.Name} [{Variant}]";

    public override string ToString() => Slot == BaselineSlot ? $"{Name} with valid values" : $"{Name} {Slot}={Value}";
}

internal sealed record SweepOutcome(SweepRequest Request, string TraceId, int? Status, string? Failure, string Body)
{
    public bool IsAisError { get; init; }

    public string Describe(string exception)
    {
        var detail = exception.Length > 0 ? exception : ProblemTitle();
        return $"{Request} → {Failure}{(detail.Length > 0 ? $" ({detail})" : "")}";
    }

    private string ProblemTitle()
    {
        try
        {
            using var json = JsonDocument.Parse(Body);
            return json.RootElement.TryGetProperty("title", out var title) ? title.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return HostileValues.Printable(Body, 120);
        }
    }
}

