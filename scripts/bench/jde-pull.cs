// Benchmark of issue 4: pull every ledger row of the simulator's branches through JdeAisClient and report time and
// peak memory, with a transport-only baseline (the same requests, bodies read and discarded) measured in the same
// command. Run by scripts/benchmark-jde.sh, one mode per process so that peak figures belong to that mode alone:
//   dotnet run -c Release scripts/bench/jde-pull.cs -- <mode> <jderest base URL> <since yyyy-MM-dd> <expected rows> <requests file>
// mode: stream   the client's StreamCardexAsync, rows counted and checked, then dropped (records the requests sent)
//       buffered the same pull kept whole in a list, as a client without streaming would hold it
//       raw      the recorded requests replayed over HttpClient, bodies copied to Stream.Null
#:project ../../BakeryOps.Infrastructure/BakeryOps.Infrastructure.csproj
#:property Nullable=enable
#:property PublishAot=false
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using BakeryOps.Infrastructure.Jde.Client;
using Microsoft.Extensions.Logging.Abstractions;

var (mode, baseUri, since, expected, requestsFile) = (args[0], new Uri(args[1]), DateOnly.Parse(args[2], CultureInfo.InvariantCulture), long.Parse(args[3], CultureInfo.InvariantCulture), args[4]);
string[] branches = ["1110", "1120", "1130"];
var settings = new JdeClientSettings { BaseUri = baseUri, UserName = "BAKERYINT", Password = "bakeryint", DeviceName = "benchmark" };

using var sampler = new PeakHeapSampler();
var recorder = new RecordingHandler(mode == "stream") { InnerHandler = new SocketsHttpHandler() };
using var http = new HttpClient(recorder) { Timeout = Timeout.InfiniteTimeSpan };
var watch = Stopwatch.StartNew();
long rows = 0;
long requests = 0;
switch (mode)
{
    case "stream":
    case "buffered":
        using (var client = new JdeAisClient(http, settings, TimeProvider.System, NullLogger<JdeAisClient>.Instance))
        {
            var kept = new List<JdeCardexRow>();
            foreach (var branch in branches)
            {
                long previous = 0;
                await foreach (var row in client.StreamCardexAsync(branch, since))
                {
                    // Windows are disjoint and ascending, so UKIDs must rise strictly: a repeat or a gap in order fails here.
                    if (row.Ukid <= previous || row.BusinessUnit != branch)
                    {
                        throw new InvalidOperationException($"Row {row.Ukid} of {row.BusinessUnit} out of order after {previous}.");
                    }

                    previous = row.Ukid;
                    rows++;
                    if (mode == "buffered")
                    {
                        kept.Add(row);
                    }
                }
            }

            GC.KeepAlive(kept);
        }

        requests = recorder.Requests;
        if (mode == "stream")
        {
            await File.WriteAllLinesAsync(requestsFile, recorder.Bodies);
        }

        break;
    case "raw":
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("BAKERYINT:bakeryint")));
        foreach (var body in await File.ReadAllLinesAsync(requestsFile))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "v3/orchestrator/JDE_CARDEX_SUMMARY"))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = basic;
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync();
            await stream.CopyToAsync(Stream.Null);
            requests++;
        }

        break;
    default:
        throw new ArgumentException($"Unknown mode {mode}.");
}

watch.Stop();
if (mode != "raw" && rows != expected)
{
    throw new InvalidOperationException($"Pulled {rows} rows; the simulator holds {expected}.");
}

using var self = Process.GetCurrentProcess();
self.Refresh();
Console.WriteLine(string.Join('\t', mode, watch.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture), rows, requests,
    self.PeakWorkingSet64 / 1048576, sampler.PeakBytes / 1048576, GC.GetTotalAllocatedBytes() / 1048576));

/// <summary>Counts requests and, for the stream mode, keeps their bodies so the raw mode replays the same windows.</summary>
sealed class RecordingHandler(bool record) : DelegatingHandler
{
    public List<string> Bodies { get; } = [];
    public long Requests { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests++;
        if (record && request.Content is not null)
        {
            Bodies.Add(await request.Content.ReadAsStringAsync(cancellationToken));
        }

        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>The managed heap's high-water mark, sampled every 2 ms (GC.GetTotalMemory without forcing a collection).</summary>
sealed class PeakHeapSampler : IDisposable
{
    private readonly Timer _timer;
    private long _peak;

    public PeakHeapSampler() => _timer = new Timer(_ => Sample(), null, 0, 2);

    public long PeakBytes
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _peak);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var now = GC.GetTotalMemory(false);
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }
    }
}
