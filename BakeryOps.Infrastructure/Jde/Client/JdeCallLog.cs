using System.Diagnostics;

namespace BakeryOps.Infrastructure.Jde.Client;

/// <summary>One call to JD Edwards as the Admin page shows it: when, what, how long, and how it ended.</summary>
public sealed record JdeCall(DateTimeOffset At, string Method, string Path, int? StatusCode, double DurationMs, string Outcome);

/// <summary>The most recent calls to JD Edwards (a fixed-size ring kept in memory), newest first.</summary>
public sealed class JdeCallLog
{
    public const int Capacity = 100;
    private readonly Lock _gate = new();
    private readonly LinkedList<JdeCall> _calls = new();

    public IReadOnlyList<JdeCall> Recent
    {
        get { lock (_gate) { return [.. _calls]; } }
    }

    public void Add(JdeCall call)
    {
        lock (_gate)
        {
            _calls.AddFirst(call);
            if (_calls.Count > Capacity)
            {
                _calls.RemoveLast();
            }
        }
    }
}

/// <summary>Records every request the AIS client sends, without its body or headers (they carry credentials).</summary>
public sealed class JdeCallRecorder(JdeCallLog log, TimeProvider clock) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var path = request.RequestUri?.AbsolutePath ?? "";
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            log.Add(new JdeCall(at, request.Method.Method, path, (int)response.StatusCode, watch.Elapsed.TotalMilliseconds,
                response.IsSuccessStatusCode ? "ok" : $"HTTP {(int)response.StatusCode}"));
            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            log.Add(new JdeCall(at, request.Method.Method, path, null, watch.Elapsed.TotalMilliseconds,
                ex is OperationCanceledException ? "timed out or cancelled" : "connection failed"));
            throw;
        }
    }
}
