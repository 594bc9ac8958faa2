// Benchmark of the dispatch to JD Edwards (issue 12): a 1,000-action POST /bakery_ops_to_jde/dispatch against the
// portal's built-in AIS simulator, and a bare HttpClient loop posting the same payloads to the simulator's
// JDE_INVENTORY_ADJUSTMENTS in the same round. Run by scripts/benchmark-dispatch.sh against a running portal:
//   dotnet run -c Release scripts/bench/dispatch.cs -- <portal base URL> <admin password> <actions> <rounds> <parallelism> <warm-up actions>
// It signs in as admin (POST /token), loads the sample bakery into default_facility (linked to branch 1110), rejects
// any posting already pending, then, after one warm-up round of <warm-up actions>, <rounds> rounds of:
//   create    <actions> USAGE movements of 0.02 KG, over the non-lot-controlled KG flours (arrays of 200; not timed)
//   list      GET /data/bakery_ops_to_jde_actions?state=pending: exactly <actions> keys, planned from those movements
//   payloads  POST /bakery_ops_to_jde/prepare_payload: the JDE_INVENTORY_ADJUSTMENTS bodies as the client sends them
//   portal    POST /bakery_ops_to_jde/dispatch with every key (timed): all successful, each with a document number
//   bare      the same payloads POSTed by one HttpClient straight to the simulator, <parallelism> in flight (timed),
//             same Basic auth; the Explanation is "BKP " + key instead of "BKO " + key, so no ledger row reads as a
//             posting of the portal's
//   bare-seq  the same, one at a time ("BKS " + key)
// Finally every key of every round must be posted in the portal, and the simulator's ledger (JDE_CARDEX_SUMMARY of
// branch 1110) must hold each key's Explanation exactly once, with the document the dispatch reported.
// Prints one tab-separated line per measurement: mode round seconds actions succeeded; the check to stderr.
#:property Nullable=enable
#:property PublishAot=false
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

var inv = CultureInfo.InvariantCulture;
var (portal, password, actions, rounds, parallelism, warmUp) = (new Uri(args[0].TrimEnd('/') + "/"), args[1],
    int.Parse(args[2], inv), int.Parse(args[3], inv), int.Parse(args[4], inv), int.Parse(args[5], inv));
const string Facility = "default_facility";
const string Branch = "1110";
string[] flours = ["B_FLOUR_T55", "B_FLOUR_T65"];
const decimal Quantity = 0.02m;

using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = portal, Timeout = Timeout.InfiniteTimeSpan };

// ---- sign in, sample data, products ---------------------------------------------------------------
using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "admin", ["password"] = password }))
{
    var token = (await SendJsonAsync(HttpMethod.Post, "token", form))!["access_token"]!.GetValue<string>();
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
}

var loaded = await SendJsonAsync(HttpMethod.Post, $"bakeryops/facilities/{Facility}/batch-data", null);
Log($"sample data: {loaded!.ToJsonString()}");
var products = new List<string>();
foreach (var flour in flours)
{
    var found = (await SendJsonAsync(HttpMethod.Get, $"bakeryops/facilities/{Facility}/products?q={flour}&size=50", null))!.AsArray();
    var product = found.FirstOrDefault(p => p!["jde"]!["secondItemNumber"]?.GetValue<string>() == flour)
        ?? throw new InvalidOperationException($"No product of {Facility} is linked to {flour}.");
    if (product["lotControlled"]!.GetValue<bool>() || product["inventoryUnit"]!.GetValue<string>() != "KG")
    {
        throw new InvalidOperationException($"{flour} must be a KG product without lots.");
    }

    products.Add(product["_id"]!.GetValue<string>());
    Log($"{flour}: product {product["_id"]}, on hand {product["onHand"]!["amount"]} KG");
}

// Postings pending before the first round (from the sample's history, if any) are not the benchmark's.
var stale = await PendingKeysAsync();
if (stale.Count > 0)
{
    var body = new JsonObject { ["keys"] = new JsonArray([.. stale.Select(k => (JsonNode)k)]), ["reason"] = "Not part of the dispatch benchmark" };
    await SendJsonAsync(HttpMethod.Post, "bakery_ops_to_jde/reject", Json(body));
    Log($"{stale.Count} postings pending before the benchmark rejected");
}

// ---- rounds -------------------------------------------------------------------------------------
var adjustmentsUri = new Uri(portal, "jde-sim/jderest/v3/orchestrator/JDE_INVENTORY_ADJUSTMENTS");
var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("BAKERYINT:bakeryint")));
var dispatched = new Dictionary<string, long>(StringComparer.Ordinal);
var bareDocuments = new Dictionary<string, long>(StringComparer.Ordinal);
for (var round = 0; round <= rounds; round++)
{
    var count = round == 0 ? warmUp : actions;
    var watch = Stopwatch.StartNew();
    for (var offset = 0; offset < count; offset += 200)
    {
        var batch = new JsonArray();
        for (var i = offset; i < Math.Min(count, offset + 200); i++)
        {
            batch.Add(new JsonObject
            {
                ["productId"] = products[i % products.Count], ["quantity"] = Quantity, ["unit"] = "KG", ["adjustmentType"] = "USAGE",
                ["reason"] = $"Dispatch benchmark round {round} #{i + 1}",
            });
        }

        await SendJsonAsync(HttpMethod.Post, $"bakeryops/facilities/{Facility}/inventory-adjustments", Json(batch));
    }

    var created = watch.Elapsed.TotalSeconds;
    var keys = await PendingKeysAsync();
    Check(keys.Count == count, $"round {round}: {keys.Count} postings pending after {count} movements");
    var prepared = (await SendJsonAsync(HttpMethod.Post, "bakery_ops_to_jde/prepare_payload", Json(new JsonArray([.. keys.Select(k => (JsonNode)k)]))))!["prepared_batches"]!.AsArray();
    Check(prepared.Count == count && prepared.All(p => p!["problem"] is null), $"round {round}: payloads with problems");
    var payloads = prepared.Select(p => (Key: p!["key"]!.GetValue<string>(), Payload: p["jde_payload"]!.AsObject())).ToList();
    Log($"round {round}: {count} movements created in {created:0.00} s, {keys.Count} postings listed and prepared");

    // The portal: approve and post every key.
    watch.Restart();
    var summary = (await SendJsonAsync(HttpMethod.Post, "bakery_ops_to_jde/dispatch", Json(new JsonArray([.. keys.Select(k => (JsonNode)k)]))))!;
    var portalSeconds = watch.Elapsed.TotalSeconds;
    var successful = summary["successful"]!.GetValue<int>();
    var results = summary["results"]!.AsArray();
    Check(summary["total_processed"]!.GetValue<int>() == count && successful == count && summary["failed"]!.GetValue<int>() == 0,
        $"round {round}: dispatch answered {summary["total_processed"]} processed, {successful} successful, {summary["failed"]} failed; first failure: {results.FirstOrDefault(r => !r!["success"]!.GetValue<bool>())?.ToJsonString()}");
    foreach (var result in results)
    {
        var document = result!["jde_document_number"]?.GetValue<long>() ?? throw new InvalidOperationException($"round {round}: {result.ToJsonString()} has no document number");
        dispatched.Add(result["key"]!.GetValue<string>(), document);
    }

    // The baseline: the same bodies straight to the simulator, as the client posts them.
    var bare = await BareAsync(payloads, "BKP ", parallelism);
    var bareSequential = await BareAsync(payloads, "BKS ", 1);
    if (round > 0)
    {
        Emit("portal", round, portalSeconds, count, successful);
        Emit("bare", round, bare.Seconds, count, bare.Succeeded);
        Emit("bare-seq", round, bareSequential.Seconds, count, bareSequential.Succeeded);
    }

    Check(bare.Succeeded == count && bareSequential.Succeeded == count, $"round {round}: the bare loop posted {bare.Succeeded} and {bareSequential.Succeeded} of {count}");
    Log($"round {round}: portal {portalSeconds:0.000} s, bare x{parallelism} {bare.Seconds:0.000} s, bare x1 {bareSequential.Seconds:0.000} s");
}

// ---- correctness: every key posted in the portal, each once in JD Edwards' ledger -----------------
var states = new Dictionary<string, int>(StringComparer.Ordinal);
var inPortal = new Dictionary<string, string>(StringComparer.Ordinal);
for (var offset = 0; ; offset += 1000)
{
    var page = (await SendJsonAsync(HttpMethod.Get, $"data/bakery_ops_to_jde_actions?facility={Facility}&size=1000&offset={offset}", null))!.AsArray();
    foreach (var row in page)
    {
        var state = row!["state"]!.GetValue<string>();
        inPortal[row["key"]!.GetValue<string>()] = state;
        states[state] = states.GetValueOrDefault(state) + 1;
    }

    if (page.Count < 1000)
    {
        break;
    }
}

var notPosted = dispatched.Keys.Count(k => inPortal.GetValueOrDefault(k) is not ("posted" or "confirmed"));
Check(notPosted == 0, $"{notPosted} dispatched keys are not posted in the portal");
var since = DateTime.UtcNow.AddDays(-2).ToString("dd/MM/yyyy", inv);
http.DefaultRequestHeaders.Authorization = basic;
var ledger = (await SendJsonAsync(HttpMethod.Get, $"jde-sim/jderest/v3/orchestrator/JDE_CARDEX_SUMMARY?bu={Branch}&rDate={since}", null))!;
Check(ledger["ServiceRequest1"]!["fs_DATABROWSE_V4111A"]!["data"]!["gridData"]!["summary"]?["moreRecords"]?.GetValue<bool>() != true,
    "the ledger answer was cut off (raise Jde__Simulator__MaxRecords)");
var rowset = ledger["ServiceRequest1"]!["fs_DATABROWSE_V4111A"]!["data"]!["gridData"]!["rowset"]!.AsArray();
var byExplanation = rowset.GroupBy(r => r!["F4111_TREX"]!.GetValue<string>().Trim(), StringComparer.Ordinal)
    .ToDictionary(g => g.Key, g => g.Select(r => r!["F4111_DOC"]!.GetValue<long>()).ToList(), StringComparer.Ordinal);
var wrong = dispatched.Count(d => !byExplanation.TryGetValue("BKO " + d.Key, out var docs) || docs.Count != 1 || docs[0] != d.Value);
var bareRows = bareDocuments.Count(d => byExplanation.TryGetValue(d.Key, out var docs) && docs.Count == 1 && docs[0] == d.Value);
Check(wrong == 0, $"{wrong} of {dispatched.Count} dispatched keys are not in JD Edwards' ledger exactly once with their document");
Check(bareRows == bareDocuments.Count, $"{bareDocuments.Count - bareRows} bare posts are not in the ledger exactly once");
Log($"checked: {dispatched.Count} keys posted in the portal ({string.Join(", ", states.Select(s => $"{s.Value} {s.Key}"))}), each once in JD Edwards' ledger "
    + $"with its document; {bareRows} bare posts each once too ({rowset.Count} ledger rows read)");
Console.Out.WriteLine($"check\t0\t0\t{dispatched.Count}\t{bareRows}");
return 0;

// ---- helpers ------------------------------------------------------------------------------------
async Task<(double Seconds, int Succeeded)> BareAsync(List<(string Key, JsonObject Payload)> payloads, string prefix, int inFlight)
{
    // Serialized before the clock starts: the client serializes each body as it sends it, a cheap step either way.
    var bodies = payloads.Select(p =>
    {
        var body = p.Payload.DeepClone().AsObject();
        body["Explanation"] = prefix + p.Key;
        return (Explanation: prefix + p.Key, Json: body.ToJsonString());
    }).ToList();
    var documents = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
    var watch = Stopwatch.StartNew();
    await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (item, ct) =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, adjustmentsUri) { Content = new StringContent(item.Json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = basic;
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        if (response.IsSuccessStatusCode && answer.RootElement.TryGetProperty("Document_Number", out var document))
        {
            documents[item.Explanation] = document.ValueKind == JsonValueKind.Number ? document.GetInt64() : long.Parse(document.GetString()!, inv);
        }
        else
        {
            Log($"bare post {item.Explanation}: HTTP {(int)response.StatusCode} {answer.RootElement.GetRawText()}");
        }
    });
    var seconds = watch.Elapsed.TotalSeconds;
    foreach (var (explanation, document) in documents)
    {
        bareDocuments[explanation] = document;
    }

    return (seconds, documents.Count);
}

async Task<List<string>> PendingKeysAsync()
{
    var keys = new List<string>();
    for (var offset = 0; ; offset += 1000)
    {
        var page = (await SendJsonAsync(HttpMethod.Get, $"data/bakery_ops_to_jde_actions?facility={Facility}&state=pending&size=1000&offset={offset}", null))!.AsArray();
        keys.AddRange(page.Select(r => r!["key"]!.GetValue<string>()));
        if (page.Count < 1000)
        {
            return keys;
        }
    }
}

async Task<JsonNode?> SendJsonAsync(HttpMethod method, string path, HttpContent? content)
{
    using var request = new HttpRequestMessage(method, path) { Content = content };
    using var response = await http.SendAsync(request);
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{method} {path}: HTTP {(int)response.StatusCode} {text[..Math.Min(text.Length, 2000)]}");
    }

    return JsonNode.Parse(text);
}

static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

static void Check(bool ok, string failure)
{
    if (!ok)
    {
        throw new InvalidOperationException("check failed: " + failure);
    }
}

static void Emit(string mode, int round, double seconds, int count, int succeeded) =>
    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode}\t{round}\t{seconds:0.0000}\t{count}\t{succeeded}"));

static void Log(string message) => Console.Error.WriteLine(message);
