using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using BakeryOps.Infrastructure.Jde.Parsing;
using BakeryOps.Infrastructure.Jde.Simulator;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Jde;

/// <summary>
/// The simulator's orchestrations, callable by GET with query inputs and by POST with JSON under
/// <c>orchestrator/</c>, <c>v2/orchestrator/</c> and <c>v3/orchestrator/</c>, authenticated as AIS does and shaped as
/// AIS answers, with the armed faults applied.
/// </summary>
public static class JdeSimulatorOrchestrationEndpoints
{
    public const string CardexSummary = "JDE_CARDEX_SUMMARY";
    public const string ItemMaster = "JDE_ITEM_MASTER_TO_BAKERY_OPS";
    public const string InventoryAdjustments = "JDE_INVENTORY_ADJUSTMENTS";
    public const string ItemBalance = "JDE_ITEM_BALANCE";
    /// <summary>
    /// The cardex's optional upper bound on the date written, next to <c>rDate</c>: the one data-request condition a
    /// JDE orchestration owner adds so that large pulls can be split into date windows (docs/decisions/0009).
    /// </summary>
    public const string CardexUpperBound = "rDateTo";

    private const int TruncatedRecords = 3;

    // F41021's character columns are fixed width and AIS does not trim them (jde-ais.md §1.5); readers trim.
    private const int LocationLength = 20;
    private const int LotLength = 30;

    public static RouteGroupBuilder MapJdeSimulatorOrchestrationEndpoints(this RouteGroupBuilder group)
    {
        foreach (var prefix in new[] { "/orchestrator", "/v2/orchestrator", "/v3/orchestrator" })
        {
            group.MapMethods(prefix + "/{name}", ["GET", "POST"], Invoke);
        }

        return group;
    }

    public static async Task<IResult> Invoke(
        string name, HttpContext context, JdeSimulatorSessions sessions, JdeSimulatorState state, JdeSimulatorFaults faults,
        JdeSimulatorSnapshot snapshot, IOptions<JdeSimulatorOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        JsonObject? body = [];
        if (HttpMethods.IsPost(context.Request.Method))
        {
            if (!context.Request.HasJsonContentType())
            {
                return AisResults.Error(StatusCodes.Status415UnsupportedMediaType, "Content-Type must be application/json", clock);
            }

            body = await JdeSimulatorAuthEndpoints.ReadBodyAsync(context.Request);
            if (body is null)
            {
                return AisResults.Error(StatusCodes.Status400BadRequest, "Invalid JSON input", clock);
            }
        }

        var authorised = Authenticate(context, body, sessions);
        if (authorised is { } refusal)
        {
            return refusal == AisResults.InvalidTokenStatus ? AisResults.InvalidToken(clock) : AisResults.Error(refusal, "Authorization Failure", clock);
        }

        if (faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(faults.Latency, cancellationToken);
        }

        var fault = faults.Take(name);
        switch (fault)
        {
            case JdeFaultKind.Error500Json:
                return AisResults.Error(StatusCodes.Status500InternalServerError, "Simulated AIS failure", clock);
            case JdeFaultKind.Error500Html:
                return Results.Content("<html><head><title>Error 500--Internal Server Error</title></head><body><h1>Error 500--Internal Server Error</h1></body></html>", "text/html", statusCode: 500);
            case JdeFaultKind.Unavailable503:
                return Results.Content("<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>", "text/html", statusCode: 503);
            case JdeFaultKind.InvalidToken444:
                return AisResults.InvalidToken(clock);
            case JdeFaultKind.Hang:
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                return Results.Empty;
            case JdeFaultKind.ConnectionReset:
                context.Abort();
                return Results.Empty;
        }

        var input = new Inputs(context.Request.Query, body!);
        var format = JdeDateFormat.FromSimpleDateFormat(sessions.Account.SimpleDateFormat);
        var maxRecords = fault == JdeFaultKind.Truncate ? TruncatedRecords : options.Value.MaxRecords;
        JsonObject result;
        switch (name.ToUpperInvariant())
        {
            case CardexSummary:
                result = Cardex(state, input, format, maxRecords, out var cardexError);
                if (cardexError is not null)
                {
                    return BusinessError(name, "fs_DATABROWSE_V4111A", cardexError, clock, started);
                }

                break;
            case ItemMaster:
                result = ItemMasterRows(state, input, format, maxRecords, out var itemError);
                if (itemError is not null)
                {
                    return BusinessError(name, "fs_DATABROWSE_V564102A", itemError, clock, started);
                }

                break;
            case ItemBalance:
                result = ItemBalanceRows(state, input, maxRecords, out var balanceError);
                if (balanceError is not null)
                {
                    return BusinessError(name, "fs_DATABROWSE_V41021A", balanceError, clock, started);
                }

                break;
            case InventoryAdjustments:
                var (posted, errors) = Adjust(state, input, format);
                if (posted is null)
                {
                    return BusinessError(name, "fs_P4114_W4114A", errors, clock, started);
                }

                await snapshot.SaveAsync(CancellationToken.None);
                if (fault == JdeFaultKind.AcceptThenFail)
                {
                    // The post took effect; the caller sees a dropped connection and must read back before retrying.
                    context.Abort();
                    return Results.Empty;
                }

                result = posted;
                break;
            default:
                return AisResults.Error(StatusCodes.Status500InternalServerError, $"Orchestration {name} not found or not authorized", clock);
        }

        result["jde__status"] = "SUCCESS";
        result["jde__startTimestamp"] = Timestamp(started);
        result["jde__endTimestamp"] = Timestamp(clock.GetUtcNow());
        result["jde__serverExecutionSeconds"] = Math.Round(watch.Elapsed.TotalSeconds, 3);
        return Results.Json(result);
    }

    /// <summary>Null when the caller may proceed; otherwise the status AIS answers (403, or 444 for a bad token).</summary>
    private static int? Authenticate(HttpContext context, JsonObject? body, JdeSimulatorSessions sessions)
    {
        var token = context.Request.Headers["jde-AIS-Auth"].ToString() is { Length: > 0 } header ? header : JdeSimulatorAuthEndpoints.Text(body, "token");
        if (token is not null)
        {
            return sessions.Validate(token, JdeSimulatorAuthEndpoints.Device(context, body)) ? null : AisResults.InvalidTokenStatus;
        }

        var basic = JdeSimulatorSessions.ParseBasic(context.Request.Headers.Authorization);
        var user = basic?.UserName ?? JdeSimulatorAuthEndpoints.Text(body, "username") ?? context.Request.Query["$username"].ToString();
        var password = basic?.Password ?? JdeSimulatorAuthEndpoints.Text(body, "password") ?? context.Request.Query["$password"].ToString();
        return sessions.CheckCredentials(user, password) ? null : StatusCodes.Status403Forbidden;
    }

    private static JsonObject Cardex(JdeSimulatorState state, Inputs input, JdeDateFormat format, int maxRecords, out string? error)
    {
        error = Validate(state, input, format, out var bu, out var date);
        if (error is not null)
        {
            return [];
        }

        DateOnly? to = null;
        if (input[CardexUpperBound] is { } upper)
        {
            if (!TryDate(upper, format, out var parsed))
            {
                error = $"0002|Error: Invalid Date|CAUSE . . . .  The date '{upper}' is not valid in the format {format.Pattern}.";
                return [];
            }

            to = parsed;
        }

        var page = state.QueryLedger(bu, date, maxRecords, to, input["glCat"], input["dct"]);
        var rows = new JsonArray();
        foreach (var r in page.Rows)
        {
            rows.Add(new JsonObject
            {
                ["F4111_UKID"] = r.Ukid, ["F4111_ITM"] = r.Itm, ["F4111_LITM"] = r.Litm, ["F4111_AITM"] = r.Litm,
                ["F4111_MCU"] = JdeValues.PadBusinessUnit(r.Mcu), ["F4111_LOCN"] = r.Locn, ["F4111_LOTN"] = r.Lotn, ["F4111_KCO"] = r.Kco,
                ["F4111_DOC"] = r.Doc, ["F4111_DCT"] = r.Dct, ["F4111_ICU"] = r.Batch,
                ["F4111_TRDJ"] = Compact(r.Trdj), ["F4111_DGL"] = Compact(r.Dgl), ["F4111_CRDJ"] = Compact(r.Crdj), ["F4111_TDAY"] = r.Tday,
                ["F4111_TRQT"] = r.Trqt, ["F4111_TRUM"] = r.Trum, ["F4111_UNCS"] = r.Uncs, ["F4111_PAID"] = r.Paid,
                ["F4111_GLPT"] = r.Glpt, ["F4111_TREX"] = r.Trex, ["F4101_DSC1"] = r.Dsc1, ["F4101_UOM1"] = r.Uom1,
            });
        }

        return Browse("fs_DATABROWSE_V4111A", "Data Browser - V4111A [Item Ledger]", rows, page.MoreRecords);
    }

    private static JsonObject ItemMasterRows(JdeSimulatorState state, Inputs input, JdeDateFormat format, int maxRecords, out string? error)
    {
        error = Validate(state, input, format, out var bu, out var date);
        if (error is not null)
        {
            return [];
        }

        var page = state.QueryItemMaster(bu, input["glCat"], date, maxRecords);
        var rows = new JsonArray();
        foreach (var r in page.Rows)
        {
            rows.Add(new JsonObject
            {
                ["F4102_ITM"] = r.Itm, ["F4102_LITM"] = r.Litm, ["F4102_AITM"] = r.Aitm, ["F4102_MCU"] = JdeValues.PadBusinessUnit(r.Mcu),
                ["F4102_STKT"] = r.Stkt, ["F4102_GLPT"] = r.Glpt, ["F4102_LNTY"] = r.Lnty, ["F4102_SRCE"] = r.Srce,
                ["F4101_DSC1"] = r.Dsc1, ["F4101_DSC2"] = r.Dsc2, ["F4101_UOM1"] = r.Uom1, ["F4101_SRP1"] = r.Srp1,
                ["F4101_SLD"] = r.Sld, ["F4101_UPMJ"] = Compact(r.Upmj),
            });
        }

        return Browse("fs_DATABROWSE_V564102A", "Data Browser - V564102A [Item Branch]", rows, page.MoreRecords);
    }

    private static JsonObject ItemBalanceRows(JdeSimulatorState state, Inputs input, int maxRecords, out string? error)
    {
        error = ValidateBranch(state, input, out var bu);
        if (error is not null)
        {
            return [];
        }

        int? itm = null;
        if (input["itm"] is { } itmText)
        {
            if (!int.TryParse(itmText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                error = $"0267|Error: Item Number Invalid|CAUSE . . . .  The short item number '{itmText}' is not a number.";
                return [];
            }

            itm = parsed;
        }

        var page = state.QueryItemBalance(bu, itm, input["litm"], maxRecords);
        var rows = new JsonArray();
        foreach (var r in page.Rows)
        {
            rows.Add(new JsonObject
            {
                ["F41021_ITM"] = r.Itm, ["F4101_LITM"] = r.Litm, ["F41021_MCU"] = JdeValues.PadBusinessUnit(r.Mcu),
                ["F41021_LOCN"] = r.Locn.PadRight(LocationLength), ["F41021_LOTN"] = r.Lotn.PadRight(LotLength),
                ["F41021_PQOH"] = Math.Round(r.Quantity, 4, MidpointRounding.AwayFromZero), ["F4101_UOM1"] = r.Unit,
                ["F41021_UPMJ"] = r.Upmj is { } upmj ? Compact(upmj) : "",
            });
        }

        return Browse("fs_DATABROWSE_V41021A", "Data Browser - V41021A [Item Location]", rows, page.MoreRecords);
    }

    private static (JsonObject? Posted, string Errors) Adjust(JdeSimulatorState state, Inputs input, JdeDateFormat format)
    {
        var lines = new List<JdeAdjustmentLine>();
        if (input.Body["GridData"] is JsonArray grid)
        {
            foreach (var item in grid.OfType<JsonObject>())
            {
                if (!JdeValues.TryParseDecimal(item["Quantity"]?.ToString(), out var quantity))
                {
                    return (null, $"Quantity '{item["Quantity"]}' is not a number");
                }

                lines.Add(new JdeAdjustmentLine(item["Item_Number"]?.ToString(), quantity, item["UM"]?.ToString(), item["LOTN"]?.ToString(),
                    JdeValues.TryParseDecimal(item["Unit_Cost"]?.ToString(), out var cost) ? cost : null));
            }
        }

        if (!TryDate(input["G_L_Date"], format, out var glDate) || !TryDate(input["Transaction_Date"], format, out var transactionDate))
        {
            return (null, $"Error: Invalid Date: use {format.Pattern}");
        }

        var result = state.PostAdjustment(new JdeAdjustmentRequest(
            input["Branch_Plant"], input["Document_Type"], input["Explanation"], glDate, transactionDate, lines));
        if (result.Posting is not { } posting)
        {
            return (null, string.Join(" | ", result.Errors.Select(e => $"{e.Code}|{e.Title}|{e.Description}")));
        }

        return (new JsonObject
        {
            ["Document_Number"] = posting.DocumentNumber,
            ["Document_Type"] = posting.DocumentType,
            ["Document_Company"] = posting.Company,
            ["Batch_Number"] = posting.BatchNumber,
            ["jde__simpleMessage"] = $"Inventory transaction {posting.DocumentNumber} {posting.DocumentType} created",
        }, "");
    }

    private static string? Validate(JdeSimulatorState state, Inputs input, JdeDateFormat format, out string bu, out DateOnly date)
    {
        date = default;
        if (ValidateBranch(state, input, out bu) is { } branchError)
        {
            return branchError;
        }

        if (!TryDate(input["rDate"], format, out date))
        {
            return $"0002|Error: Invalid Date|CAUSE . . . .  The date '{input["rDate"]}' is not valid in the format {format.Pattern}.";
        }

        return null;
    }

    /// <summary>The <c>bu</c> input, padded or not, as a branch of the simulator; otherwise JDE's 0052.</summary>
    private static string? ValidateBranch(JdeSimulatorState state, Inputs input, out string bu)
    {
        bu = JdeValues.NormaliseBusinessUnit(input["bu"] ?? "");
        return state.IsBranch(bu)
            ? null
            : "0052|Error: Business Unit Invalid|CAUSE . . . .  The Business Unit entered does not exist in the Business Unit Master file (F0006).";
    }

    private static bool TryDate(string? text, JdeDateFormat format, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text) || !JdeDate.TryParse(text, format, out var parsed) || parsed is null)
        {
            return false;
        }

        date = parsed.Value;
        return true;
    }

    private static JsonObject Browse(string form, string title, JsonArray rows, bool moreRecords) => new()
    {
        ["ServiceRequest1"] = new JsonObject
        {
            [form] = new JsonObject
            {
                ["title"] = title,
                ["data"] = new JsonObject
                {
                    ["gridData"] = new JsonObject
                    {
                        ["id"] = 1,
                        ["rowset"] = rows,
                        ["summary"] = new JsonObject { ["records"] = rows.Count, ["moreRecords"] = moreRecords },
                    },
                },
            },
        },
    };

    // Errors as a failing form step returns them: HTTP 500, jde__status ERROR, the form's errors nested in message.
    private static IResult BusinessError(string orchestration, string form, string errors, TimeProvider clock, DateTimeOffset started)
    {
        var list = new JsonArray();
        foreach (var error in errors.Split(" | ", StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = error.Split('|', 3);
            list.Add(parts.Length == 3
                ? new JsonObject { ["CODE"] = parts[0], ["TITLE"] = parts[1], ["DESC"] = parts[2], ["MOBILE"] = parts[2], ["ERRORCONTROL"] = "" }
                : new JsonObject { ["CODE"] = "0000", ["TITLE"] = error, ["DESC"] = error, ["MOBILE"] = error, ["ERRORCONTROL"] = "" });
        }

        return Results.Json(new JsonObject
        {
            ["message"] = new JsonObject
            {
                [$"ServiceRequest: {orchestration}"] = new JsonObject
                {
                    ["JAS Response"] = new JsonObject { [form] = new JsonObject { ["errors"] = list } },
                },
            },
            ["exception"] = "Exception",
            ["exceptionId"] = Guid.NewGuid().ToString(),
            ["timeStamp"] = Timestamp(clock.GetUtcNow()),
            ["jde__status"] = "ERROR",
            ["jde__simpleMessage"] = $"{orchestration} failed: {list.OfType<JsonObject>().FirstOrDefault()?["TITLE"]}",
            ["jde__startTimestamp"] = Timestamp(started),
            ["jde__endTimestamp"] = Timestamp(clock.GetUtcNow()),
        }, statusCode: StatusCodes.Status500InternalServerError);
    }

    private static string Compact(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Timestamp(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    /// <summary>Inputs from the JSON body (POST) or the query string (GET).</summary>
    private sealed class Inputs(IQueryCollection query, JsonObject body)
    {
        public JsonObject Body => body;

        public string? this[string name] => body[name] is JsonValue value
            ? value.ToString()
            : query[name].ToString() is { Length: > 0 } text ? text : null;
    }
}
