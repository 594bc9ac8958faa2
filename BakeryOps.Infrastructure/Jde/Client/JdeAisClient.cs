using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BakeryOps.Infrastructure.Jde.Parsing;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace BakeryOps.Infrastructure.Jde.Client;

/// <summary>
/// The JD Edwards AIS client (jde-ais.md §6.2), a typed <see cref="HttpClient"/> client. Every failure is a
/// <see cref="JdeException"/>; caller cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>
/// Timeouts, retries and the circuit breaker are <see cref="JdeResiliencePipelines"/> (docs/decisions/0012): reads
/// are retried with jittered exponential backoff on transient failures only. A post is sent at most once per token,
/// and not at all while the circuit is open: a timeout, lost connection or non-JSON 5xx after sending is reported as
/// outcome unknown, to be reconciled by reading the cardex for the explanation key before anything is posted again.
/// A 444 is the one exception: AIS refused the token before running anything, so the request is replayed once after
/// a fresh login. The <see cref="HttpClient.Timeout"/> should be infinite (or above both timeouts): the per-call
/// timeouts are the pipelines'.
/// </remarks>
public sealed partial class JdeAisClient : IDisposable
{
    /// <summary>The TREX column's width; AIS would cut a longer explanation and lose an idempotency key.</summary>
    public const int MaxExplanationLength = 30;

    private const string AuthHeader = "jde-AIS-Auth";
    private const string DeviceHeader = "jde-AIS-Auth-Device";
    private const string JsonMediaType = "application/json";

    private readonly HttpClient _http;
    private readonly JdeClientSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger<JdeAisClient> _logger;
    private readonly JdeResiliencePipelines _pipelines;
    private readonly JdeDateFormat _configuredFormat;
    private readonly AuthenticationHeaderValue _basic;
    private readonly SemaphoreSlim _loginGate = new(1, 1);
    private volatile Session? _session;

    /// <param name="http">The typed client's <see cref="HttpClient"/>.</param>
    /// <param name="settings">The connection, and the resilience settings when <paramref name="pipelines"/> is null.</param>
    /// <param name="clock">The clock for dates, timings and, in pipelines built here, timeouts and delays.</param>
    /// <param name="logger">The client's log.</param>
    /// <param name="pipelines">
    /// The process-wide pipelines (a singleton, so that the circuit counts every client's failures). Null builds a
    /// private set from <paramref name="settings"/>, for tests and the benchmark.
    /// </param>
    public JdeAisClient(
        HttpClient http, JdeClientSettings settings, TimeProvider clock, ILogger<JdeAisClient> logger, JdeResiliencePipelines? pipelines = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        (_http, _settings, _clock, _logger) = (http, settings, clock, logger);
        _pipelines = pipelines ?? new JdeResiliencePipelines(settings, clock, logger);
        _configuredFormat = JdeDateFormat.FromSimpleDateFormat(settings.UserDateFormat);
        _basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.UserName}:{settings.Password}")));
    }

    private enum CallKind
    {
        Read,
        Post,
    }

    /// <summary>Item ledger rows of a branch written on or after <paramref name="since"/>.</summary>
    public async Task<JdeCardexPage> GetCardexAsync(string businessUnit, DateOnly since, CancellationToken cancellationToken = default)
    {
        var bu = JdeValues.PadBusinessUnit(businessUnit).Trim();
        var (root, format) = await SendAsync(CallKind.Read, _settings.CardexOrchestration,
            f => new JsonObject { ["bu"] = bu, ["rDate"] = f.Format(since) }, cancellationToken);
        using (root)
        {
            return Parse(_settings.CardexOrchestration, () =>
            {
                var (rowset, more) = JdeRowReader.FindRowset(root.RootElement);
                var rows = new List<JdeCardexRow>(rowset.GetArrayLength());
                rows.AddRange(rowset.EnumerateArray().Select(row => JdeRowReader.ReadCardex(row, format)));
                if (more)
                {
                    LogMoreRecords(_settings.CardexOrchestration, rows.Count);
                }

                return new JdeCardexPage(rows, more);
            });
        }
    }

    /// <summary>
    /// Item-branch rows of a G/L class updated on or after <paramref name="since"/>. <see cref="JdeItemMasterPage.MoreRecords"/>
    /// means AIS stopped at its max-records limit: the rows are not all the branch's, so absence from them proves nothing.
    /// </summary>
    public async Task<JdeItemMasterPage> GetItemMasterAsync(
        string businessUnit, string glCategory, DateOnly since, CancellationToken cancellationToken = default)
    {
        var bu = JdeValues.PadBusinessUnit(businessUnit).Trim();
        ArgumentException.ThrowIfNullOrWhiteSpace(glCategory);
        var (root, format) = await SendAsync(CallKind.Read, _settings.ItemMasterOrchestration,
            f => new JsonObject { ["bu"] = bu, ["glCat"] = glCategory.Trim(), ["rDate"] = f.Format(since) }, cancellationToken);
        using (root)
        {
            return Parse(_settings.ItemMasterOrchestration, () =>
            {
                var (rowset, more) = JdeRowReader.FindRowset(root.RootElement);
                var rows = rowset.EnumerateArray().Select(row => JdeRowReader.ReadItemMaster(row, format)).ToList();
                if (more)
                {
                    LogMoreRecords(_settings.ItemMasterOrchestration, rows.Count);
                }

                return new JdeItemMasterPage(rows, more);
            });
        }
    }

    /// <summary>Posts an adjustment once. On <see cref="JdeException.OutcomeUnknown"/> read back before posting again.</summary>
    /// <exception cref="ArgumentException">The explanation is longer than 30 characters, or there are no lines.</exception>
    public async Task<JdeAdjustmentReceipt> PostAdjustmentAsync(JdeAdjustmentPosting posting, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(posting);
        if (posting.Explanation.Length > MaxExplanationLength)
        {
            throw new ArgumentException($"The explanation is {posting.Explanation.Length} characters; JDE keeps {MaxExplanationLength}.", nameof(posting));
        }

        if (posting.Lines.Count == 0)
        {
            throw new ArgumentException("An adjustment needs at least one line.", nameof(posting));
        }

        var branch = JdeValues.PadBusinessUnit(posting.BranchPlant).Trim();
        var (root, _) = await SendAsync(CallKind.Post, _settings.AdjustmentOrchestration, f =>
        {
            var grid = new JsonArray();
            foreach (var line in posting.Lines)
            {
                grid.Add(new JsonObject
                {
                    ["Item_Number"] = line.ItemNumber,
                    ["Quantity"] = line.Quantity.ToString(CultureInfo.InvariantCulture),
                    ["UM"] = line.Unit,
                    ["LOTN"] = line.Lot ?? "",
                });
            }

            return new JsonObject
            {
                ["Branch_Plant"] = branch,
                ["Document_Type"] = posting.DocumentType,
                ["Explanation"] = posting.Explanation,
                ["G_L_Date"] = f.Format(posting.GlDate),
                ["Transaction_Date"] = f.Format(posting.TransactionDate),
                ["GridData"] = grid,
            };
        }, cancellationToken);
        using (root)
        {
            // A 2xx success whose shape is not understood still means JDE probably wrote the document.
            var receipt = Parse(_settings.AdjustmentOrchestration, outcomeUnknown: true, () =>
            {
                var body = root.RootElement;
                return new JdeAdjustmentReceipt(
                    JdeValues.GetInt64(body.TryGetProperty("Document_Number", out var doc) ? doc : default, "Document_Number"),
                    body.TryGetProperty("Document_Type", out var type) ? JdeValues.GetTrimmedString(type, "Document_Type") : posting.DocumentType,
                    body.TryGetProperty("Document_Company", out var company) ? JdeValues.GetTrimmedString(company, "Document_Company") : "");
            });
            LogPosted(receipt.DocumentNumber, receipt.DocumentType, branch);
            return receipt;
        }
    }

    /// <summary>A date as this client sends it: the signed-in user's format in token mode, else the configured one.</summary>
    public string FormatDate(DateOnly date) => (_session?.Format ?? _configuredFormat).Format(date);

    public void Dispose() => _loginGate.Dispose();

    private T Parse<T>(string orchestration, Func<T> parse) => Parse(orchestration, outcomeUnknown: false, parse);

    private T Parse<T>(string orchestration, bool outcomeUnknown, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException ex)
        {
            // A success whose shape is wrong is not transient: retrying gets the same rows.
            throw new JdeException(
                outcomeUnknown
                    ? $"{orchestration} answered success in an unexpected shape ({ex.Message}); the adjustment was probably written. Read it back before posting again."
                    : $"{orchestration} answered in an unexpected shape: {ex.Message}",
                200, outcomeUnknown: outcomeUnknown, innerException: ex);
        }
    }

    /// <summary>
    /// A read goes through the read pipeline (total timeout, retries, circuit breaker); a post is sent once, and not
    /// at all while the circuit is open. The body is built per attempt because token mode learns the user's date
    /// format at login.
    /// </summary>
    private async Task<(JsonDocument Root, JdeDateFormat Format)> SendAsync(
        CallKind kind, string orchestration, Func<JdeDateFormat, JsonObject> body, CancellationToken cancellationToken)
    {
        if (kind == CallKind.Post)
        {
            // The circuit counts reads only, but a post into a JDE that fails them would most likely end outcome
            // unknown; refused here, it is known not to have been sent.
            if (_pipelines.RefusingFor is { } wait)
            {
                throw CircuitOpen(orchestration, wait, transient: false, innerException: null);
            }

            return await SendWithAuthAsync(kind, orchestration, body, cancellationToken);
        }

        try
        {
            return await _pipelines.ExecuteReadAsync(orchestration, token => SendWithAuthAsync(kind, orchestration, body, token), cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new JdeException($"{orchestration} did not answer within {ex.Timeout.TotalSeconds:0.#} s, retries included.", transient: true, innerException: ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw CircuitOpen(orchestration, _pipelines.RefusingFor ?? ex.RetryAfter ?? TimeSpan.Zero, transient: true, ex);
        }
    }

    private static JdeException CircuitOpen(string orchestration, TimeSpan wait, bool transient, Exception? innerException) =>
        new($"JD Edwards is failing repeatedly (circuit open): {orchestration} was not sent. Calls resume in {Math.Ceiling(wait.TotalSeconds):0} s.",
            transient: transient, innerException: innerException);

    private async Task<(JsonDocument Root, JdeDateFormat Format)> SendWithAuthAsync(
        CallKind kind, string orchestration, Func<JdeDateFormat, JsonObject> body, CancellationToken cancellationToken)
    {
        if (_settings.AuthMode == JdeAuthMode.Basic)
        {
            return (await SendOnceAsync(kind, orchestration, body(_configuredFormat).ToJsonString(), null, cancellationToken), _configuredFormat);
        }

        var session = await GetSessionAsync(stale: null, cancellationToken);
        try
        {
            return (await SendOnceAsync(kind, orchestration, body(session.Format).ToJsonString(), session.Token, cancellationToken), session.Format);
        }
        catch (JdeException ex) when (ex.InvalidToken)
        {
            // AIS checks the token before running the orchestration, so even a post is safe to replay once.
            LogTokenExpired(orchestration);
            session = await GetSessionAsync(stale: session, cancellationToken);
            return (await SendOnceAsync(kind, orchestration, body(session.Format).ToJsonString(), session.Token, cancellationToken), session.Format);
        }
    }

    private async Task<JsonDocument> SendOnceAsync(CallKind kind, string orchestration, string json, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_settings.BaseUri, _settings.OrchestratorPath + Uri.EscapeDataString(orchestration)))
        {
            Content = new StringContent(json, Encoding.UTF8, JsonMediaType),
        };
        Authorise(request, token);
        return await ExchangeAsync(kind, orchestration, request, cancellationToken);
    }

    /// <summary>Sends one request and reads the answer within the call kind's timeout (<see cref="JdeResiliencePipelines.ReadCall"/>, <see cref="JdeResiliencePipelines.PostCall"/>).</summary>
    private async Task<JsonDocument> ExchangeAsync(CallKind kind, string name, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = _clock.GetTimestamp();
        var timeout = kind == CallKind.Post ? _pipelines.PostCall : _pipelines.ReadCall;
        try
        {
            return await timeout.ExecuteAsync(
                static async (state, token) => await state.Client.ExchangeWithinAsync(state.Kind, state.Name, state.Request, state.Started, token),
                (Client: this, Kind: kind, Name: name, Request: request, Started: started), cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw TimedOut(kind, name, ex.Timeout, started, ex);
        }
    }

    /// <summary>
    /// The exchange itself; <paramref name="cancellationToken"/> ends with the caller's cancellation or the call timeout.
    /// A JSON success is parsed straight from the response stream into pooled UTF-8 buffers, so a large page is never
    /// held as text as well.
    /// </summary>
    private async Task<JsonDocument> ExchangeWithinAsync(CallKind kind, string name, HttpRequestMessage request, long started, CancellationToken cancellationToken)
    {
        var isPost = kind == CallKind.Post;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (status is >= 200 and < 300 && mediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                var document = await ParseAsync(kind, name, response, status, cancellationToken);
                LogCall(name, status, (long)_clock.GetElapsedTime(started).TotalMilliseconds);
                if (AisErrorReader.FindError(status, document.RootElement) is { } refused)
                {
                    document.Dispose();
                    throw refused;
                }

                return document;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            LogCall(name, status, (long)_clock.GetElapsedTime(started).TotalMilliseconds);
            return Judge(kind, status, mediaType, text);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Neither the caller nor the call timeout (both cancel the token; the pipeline tells them apart), so
            // HttpClient.Timeout.
            throw TimedOut(kind, name, _http.Timeout, started, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // Failing to connect means nothing was sent; any later failure may have followed a processed request.
            var notSent = ex is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError };
            LogFailed(name, (long)_clock.GetElapsedTime(started).TotalMilliseconds, notSent ? "connect" : "connection lost");
            var unknown = isPost && !notSent;
            // A refused certificate stays refused: retrying only delays the error and repeats the warning.
            var certificateRefused = Causes(ex).Any(e => e is JdeCertificateRefusedException);
            throw new JdeException(
                unknown
                    ? $"The connection to JD Edwards was lost during {name}; the adjustment may have been written. Read it back before posting again."
                    : $"Could not reach JD Edwards for {name}: {ex.Message}",
                outcomeUnknown: unknown, transient: !isPost && !certificateRefused, innerException: ex);
        }
    }

    private JdeException TimedOut(CallKind kind, string name, TimeSpan timeout, long started, Exception innerException)
    {
        LogFailed(name, (long)_clock.GetElapsedTime(started).TotalMilliseconds, "timeout");
        // For a post the request may already be running in JDE.
        var isPost = kind == CallKind.Post;
        return new JdeException(
            isPost
                ? $"{name} did not answer within {timeout.TotalSeconds:0.#} s; the adjustment may have been written. Read it back before posting again."
                : $"{name} did not answer within {timeout.TotalSeconds:0.#} s.",
            outcomeUnknown: isPost, transient: !isPost, innerException: innerException);
    }

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static async Task<JsonDocument> ParseAsync(CallKind kind, string name, HttpResponseMessage response, int status, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        try
        {
            return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            // A cut-off body (proxy limit, dropped connection after the headers): for a post the document may exist.
            throw kind == CallKind.Post
                ? new JdeException($"{name} answered HTTP {status} with an incomplete body; the adjustment may have been written. Read it back before posting again.",
                    status, outcomeUnknown: true, innerException: ex)
                : new JdeException($"{name} answered HTTP {status} with an incomplete or invalid JSON body.", status, transient: true, innerException: ex);
        }
    }

    private static JsonDocument Judge(CallKind kind, int status, string? contentType, string text)
    {
        if (AisErrorReader.FindError(status, contentType, text) is { } error)
        {
            // A gateway error or an HTML 5xx after a post says nothing about whether JDE wrote the document.
            if (kind == CallKind.Post && error.Transient)
            {
                throw new JdeException(
                    $"{error.Message} The adjustment may have been written. Read it back before posting again.",
                    error.StatusCode, error.ExceptionId, outcomeUnknown: true, innerException: error);
            }

            throw error;
        }

        return JsonDocument.Parse(text);
    }

    private void Authorise(HttpRequestMessage request, string? token)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonMediaType));
        if (token is null)
        {
            request.Headers.Authorization = _basic;
            return;
        }

        request.Headers.Add(AuthHeader, token);
        request.Headers.Add(DeviceHeader, _settings.DeviceName);
    }

    /// <summary>
    /// The cached session, or a new login when there is none or the caller's one (<paramref name="stale"/>) was refused.
    /// Single-flight: concurrent callers that all saw a 444 share one login instead of each logging in.
    /// </summary>
    private async Task<Session> GetSessionAsync(Session? stale, CancellationToken cancellationToken)
    {
        if (_session is { } current && !ReferenceEquals(current, stale))
        {
            return current;
        }

        await _loginGate.WaitAsync(cancellationToken);
        try
        {
            if (_session is { } again && !ReferenceEquals(again, stale))
            {
                return again;
            }

            _session = null;
            var session = await LoginAsync(cancellationToken);
            _session = session;
            return session;
        }
        finally
        {
            _loginGate.Release();
        }
    }

    // Sent once per need: a 403 is a wrong password or a locked account, and repeating it could lock the account.
    private async Task<Session> LoginAsync(CancellationToken cancellationToken)
    {
        const string name = "tokenrequest";
        var json = new JsonObject
        {
            ["username"] = _settings.UserName,
            ["password"] = _settings.Password,
            ["deviceName"] = _settings.DeviceName,
        }.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_settings.BaseUri, "v2/tokenrequest"))
        {
            Content = new StringContent(json, Encoding.UTF8, JsonMediaType),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonMediaType));
        request.Headers.Add(DeviceHeader, _settings.DeviceName);
        using var root = await ExchangeAsync(CallKind.Read, name, request, cancellationToken);
        var session = Parse(name, () =>
        {
            if (!root.RootElement.TryGetProperty("userInfo", out var info)
                || !info.TryGetProperty("token", out var token)
                || token.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(token.GetString()))
            {
                throw new FormatException("The token response has no userInfo.token.");
            }

            var format = JdeDateFormat.FromUserInfo(Text(info, "simpleDateFormat"), Text(info, "dateFormat"), Text(info, "dateSeperator"), _configuredFormat);
            return new Session(token.GetString()!, format);
        });
        LogLoggedIn(_settings.DeviceName, session.Format.Pattern);
        return session;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(Level = LogLevel.Debug, Message = "JDE {Orchestration} answered HTTP {StatusCode} in {ElapsedMs} ms")]
    private partial void LogCall(string orchestration, int statusCode, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "JDE {Orchestration} failed after {ElapsedMs} ms ({Failure})")]
    private partial void LogFailed(string orchestration, long elapsedMs, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "JDE token expired during {Orchestration}; logging in again")]
    private partial void LogTokenExpired(string orchestration);

    [LoggerMessage(Level = LogLevel.Information, Message = "JDE token session opened for device {DeviceName} with date format {DateFormat}")]
    private partial void LogLoggedIn(string deviceName, string dateFormat);

    [LoggerMessage(Level = LogLevel.Warning, Message = "JDE {Orchestration} returned {RowCount} rows and more records: split the date window")]
    private partial void LogMoreRecords(string orchestration, int rowCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "JDE wrote adjustment {DocumentNumber} {DocumentType} in branch {BusinessUnit}")]
    private partial void LogPosted(long documentNumber, string documentType, string businessUnit);

    private sealed record Session(string Token, JdeDateFormat Format);
}
