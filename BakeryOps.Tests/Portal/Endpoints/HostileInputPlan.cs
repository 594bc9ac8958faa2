using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BakeryOps.Infrastructure.Idempotency;

namespace BakeryOps.Tests.Portal.Endpoints;

/// <summary>
/// Turns an endpoint into its requests: a valid one, then one per slot and hostile value. The slots of a documented
/// endpoint come from its OpenAPI operation (route, query and header parameters, the request body's schema); the
/// simulator's from the AIS inputs it reads. Good values for the other slots come from the tables below.
/// </summary>
internal sealed class HostileInputPlan(JsonElement document, SweepData data)
{
    private const string StrayQueryParameter = "x";
    private const string FormContentType = "application/x-www-form-urlencoded";
    private const string Marker = "__hostile_slot__";
    private static readonly byte[] MarkerToken = JsonSerializer.SerializeToUtf8Bytes(Marker);

    // Sent with every request of the endpoint, not only when attacked: without them the endpoint stops at "missing".
    private static readonly HashSet<string> AlwaysSentQuery = new(StringComparer.Ordinal) { "from", "to", "key" };

    // No endpoint is skipped, because none can lock the sweep out: nothing changes the admin's password; /logout ends
    // only a cookie session (this client sends a bearer, no cookie) and refuses a caller without an antiforgery token;
    // DELETE /admin/cleanup-sessions deletes only expired sessions; /token's password is attacked on a user without
    // lockout, so the admin is never locked. An endpoint that could end the bearer's access must be left out here.
    private static readonly Dictionary<string, string[]> KnownForms = new(StringComparer.Ordinal)
    {
        // The pages' sign-out form, which the OpenAPI document leaves out.
        ["/logout"] = ["returnUrl"],
    };

    private readonly string _today = DateTime.UtcNow.ToString(data.JdeAccount.SimpleDateFormat, CultureInfo.InvariantCulture);
    private readonly string _monthAgo = DateTime.UtcNow.AddDays(-30).ToString(data.JdeAccount.SimpleDateFormat, CultureInfo.InvariantCulture);

    public IEnumerable<SweepRequest> RequestsFor(SweepEndpoint endpoint) =>
        Templates(endpoint).SelectMany((template, i) => Requests(template, first: i == 0));

    private IEnumerable<SweepTemplate> Templates(SweepEndpoint endpoint)
    {
        if (endpoint.Pattern.StartsWith("/jde-sim/", StringComparison.Ordinal))
        {
            return SimulatorTemplates(endpoint);
        }

        return [Operation(endpoint) is { } operation ? Documented(endpoint, operation) : Undocumented(endpoint)];
    }

    private JsonElement? Operation(SweepEndpoint endpoint) =>
        document.TryGetProperty("paths", out var paths) && paths.TryGetProperty(endpoint.Path, out var path)
        && path.TryGetProperty(endpoint.Method.ToLowerInvariant(), out var operation)
            ? operation
            : null;

    private SweepTemplate Documented(SweepEndpoint endpoint, JsonElement operation)
    {
        var parameters = operation.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
        var query = parameters.Where(p => p.GetProperty("in").ValueEquals("query")).ToList();
        var headers = parameters.Where(p => p.GetProperty("in").ValueEquals("header")).Select(p => p.GetProperty("name").GetString()!).ToList();
        var (json, jsonType, form) = RequestBody(operation);
        if (json is not null && endpoint.Method is "POST" or "PUT" or "PATCH")
        {
            // Headers the writes read as data, which the document does not list.
            headers.Add(IdempotencyService.HeaderName);
            if (endpoint.Method is "PUT" or "PATCH")
            {
                headers.Add("If-Match");
            }
        }

        var baseQuery = query
            .Where(p => (p.TryGetProperty("required", out var required) && required.GetBoolean()) || AlwaysSentQuery.Contains(p.GetProperty("name").GetString()!))
            .Select(p => Pair(p.GetProperty("name").GetString()!, GoodQueryValue(endpoint, p.GetProperty("name").GetString()!)))
            .ToList();
        return new SweepTemplate(endpoint, "", baseQuery, [.. query.Select(p => p.GetProperty("name").GetString()!)], headers,
            json, jsonType, form, TakesBody: json is not null || form is not null);
    }

    private static SweepTemplate Undocumented(SweepEndpoint endpoint)
    {
        var form = KnownForms.TryGetValue(endpoint.Pattern, out var fields) ? fields.Select(f => Pair(f, "/")).ToList() : null;
        return new SweepTemplate(endpoint, "", [], [], [], null, null, form, TakesBody: endpoint.Method is "POST" or "PUT" or "PATCH");
    }

    /// <summary>
    /// The simulator's inputs, as AIS reads them: orchestrations by GET (query, with <c>$username</c>/<c>$password</c>)
    /// or POST (JSON with username/password), the login surface's JSON body, and the session headers.
    /// </summary>
    private IEnumerable<SweepTemplate> SimulatorTemplates(SweepEndpoint endpoint)
    {
        var account = data.JdeAccount;
        var isOrchestration = endpoint.Route.Any(r => r.Name == "name");
        if (isOrchestration && endpoint.Method == "GET")
        {
            List<KeyValuePair<string, string>> signedIn = [Pair("$username", account.UserName), Pair("$password", account.Password), Pair("bu", "1110"), Pair("rDate", _monthAgo)];
            yield return Simulator(endpoint, "JDE_CARDEX_SUMMARY", signedIn, ["bu", "rDate", "rDateTo", "glCat", "dct", "$username", "$password"], null);
            yield return Simulator(endpoint, "JDE_ITEM_MASTER_TO_BAKERY_OPS", signedIn, ["bu", "rDate", "glCat"], null);
            List<KeyValuePair<string, string>> balance = [Pair("$username", account.UserName), Pair("$password", account.Password), Pair("bu", "1110"), Pair("itm", "60001"), Pair("litm", "B_FLOUR_T55")];
            yield return Simulator(endpoint, "JDE_ITEM_BALANCE", balance, ["bu", "itm", "litm"], null);
        }
        else if (isOrchestration)
        {
            yield return Simulator(endpoint, "JDE_CARDEX_SUMMARY", [], [], SimulatorBody(new JsonObject
            {
                ["bu"] = "1110", ["rDate"] = _monthAgo, ["rDateTo"] = _today, ["glCat"] = "IN30", ["dct"] = "II",
            }));
            yield return Simulator(endpoint, "JDE_ITEM_MASTER_TO_BAKERY_OPS", [], [], SimulatorBody(new JsonObject
            {
                ["bu"] = "1110", ["rDate"] = _monthAgo, ["glCat"] = "IN30",
            }));
            yield return Simulator(endpoint, "JDE_ITEM_BALANCE", [], [], SimulatorBody(new JsonObject
            {
                ["bu"] = "1110", ["itm"] = "60001", ["litm"] = "B_FLOUR_T55",
            }));
            yield return Simulator(endpoint, "JDE_INVENTORY_ADJUSTMENTS", [], [], SimulatorBody(new JsonObject
            {
                ["Branch_Plant"] = "1110", ["Document_Type"] = "II", ["Explanation"] = "hostile-input sweep", ["G_L_Date"] = _today, ["Transaction_Date"] = _today,
                ["GridData"] = new JsonArray(new JsonObject { ["Item_Number"] = "B_FLOUR_T55", ["Quantity"] = "0.1", ["UM"] = "KG", ["LOTN"] = "" }),
            }));
        }
        else if (endpoint.Method == "GET")
        {
            yield return new SweepTemplate(endpoint, "", [], [], ["jde-AIS-Auth", "jde-AIS-Auth-Device"], null, null, null, TakesBody: false);
        }
        else
        {
            var body = new JsonObject
            {
                ["username"] = account.UserName, ["password"] = account.Password, ["deviceName"] = "sweep-device", ["environment"] = account.Environment,
                ["role"] = account.Role, ["token"] = "044-not-a-session",
            };
            yield return new SweepTemplate(endpoint, "", [], [], [], body, "application/json", null, TakesBody: true);
        }
    }

    /// <summary>An orchestration's JSON body: the AIS credentials, then its inputs.</summary>
    private JsonObject SimulatorBody(JsonObject inputs) => new(
    [
        KeyValuePair.Create<string, JsonNode?>("username", data.JdeAccount.UserName),
        KeyValuePair.Create<string, JsonNode?>("password", data.JdeAccount.Password),
        .. inputs.Select(input => KeyValuePair.Create(input.Key, input.Value?.DeepClone())),
    ]);

    private static SweepTemplate Simulator(
        SweepEndpoint endpoint, string orchestration, List<KeyValuePair<string, string>> query, List<string> queryTargets, JsonObject? body) =>
        new(endpoint, orchestration, query, queryTargets, [], body, body is null ? null : "application/json", null, TakesBody: body is not null)
        {
            RouteOverrides = new Dictionary<string, string> { ["name"] = orchestration },
        };

    private IEnumerable<SweepRequest> Requests(SweepTemplate template, bool first)
    {
        yield return Build(template, SweepRequest.BaselineSlot, "");
        if (first)
        {
            // Route values and malformed bodies once per endpoint; the simulator's orchestrations share them.
            foreach (var slot in template.Endpoint.Route)
            {
                foreach (var (label, escaped, refused) in HostileValues.InUrl)
                {
                    yield return Build(template, $"route {slot.Name}", label, route: (slot.Name, escaped)) with { MustBeRefused = refused };
                }
            }
        }

        var (queryTargets, queryValues) = template.QueryTargets.Count > 0
            ? (template.QueryTargets, HostileValues.InUrl)
            : ([StrayQueryParameter], HostileValues.InUrlForStrayParameters);
        foreach (var name in queryTargets)
        {
            foreach (var (label, escaped, refused) in queryValues)
            {
                yield return Build(template, $"query {name}", label, query: (name, escaped)) with { MustBeRefused = refused };
            }
        }

        foreach (var name in template.HeaderTargets)
        {
            foreach (var (label, value, refused) in HostileValues.InHeaders)
            {
                yield return Build(template, $"header {name}", label, header: new KeyValuePair<string, string>(name, value)) with { MustBeRefused = refused };
            }
        }

        if (template.Json is { } json)
        {
            foreach (var (path, label) in Leaves(json, [], ""))
            {
                foreach (var (valueLabel, token, refused) in HostileValues.InJson)
                {
                    yield return Build(template, $"body {label}", valueLabel, body: (WithToken(json, path, token), template.JsonContentType))
                        with { MustBeRefused = refused };
                }
            }
        }

        if (template.Form is { } form)
        {
            foreach (var field in form.Select(f => f.Key))
            {
                foreach (var (label, escaped, refused) in HostileValues.InUrl)
                {
                    yield return Build(template, $"form {field}", label, body: (FormBody(form, field, escaped), FormContentType)) with { MustBeRefused = refused };
                }
            }
        }

        if (first && template.TakesBody)
        {
            foreach (var (label, body, contentType, refused) in HostileValues.MalformedBodies)
            {
                yield return Build(template, "body", label, body: (body, contentType)) with { MustBeRefused = refused };
            }
        }
    }

    private SweepRequest Build(
        SweepTemplate template, string slot, string value, (string Name, string Escaped)? route = null, (string Name, string Escaped)? query = null,
        KeyValuePair<string, string>? header = null, (byte[] Bytes, string? ContentType)? body = null)
    {
        var path = SweepEndpoint.Parameter().Replace(template.Endpoint.Pattern, m =>
        {
            var name = m.Groups["name"].Value;
            return name == route?.Name
                ? route.Value.Escaped
                : EscapeRouteValue(GoodRouteValue(template, name), template.Endpoint.Route.Any(r => r.Name == name && r.IsCatchAll));
        });
        var pairs = template.Query.Select(p => (p.Key, Escaped: Uri.EscapeDataString(p.Value))).ToList();
        if (query is { } attacked)
        {
            var at = pairs.FindIndex(p => p.Key == attacked.Name);
            if (at >= 0)
            {
                pairs[at] = (attacked.Name, attacked.Escaped);
            }
            else
            {
                pairs.Add((attacked.Name, attacked.Escaped));
            }
        }

        var target = pairs.Count == 0 ? path : path + "?" + string.Join("&", pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + p.Escaped));
        var content = body ?? ValidBody(template);
        return new SweepRequest(template.Endpoint, template.Variant, slot, value, new HttpMethod(template.Endpoint.Method), target,
            template.Endpoint.Anonymous, content?.Bytes, content?.ContentType, header);
    }

    private static (byte[] Bytes, string? ContentType)? ValidBody(SweepTemplate template) =>
        template.Json is { } json ? (JsonSerializer.SerializeToUtf8Bytes(json), template.JsonContentType)
        : template.Form is { } form ? (FormBody(form, null, null), FormContentType)
        : null;

    private static byte[] FormBody(IReadOnlyList<KeyValuePair<string, string>> form, string? field, string? escaped) =>
        Encoding.ASCII.GetBytes(string.Join("&", form.Select(f => Uri.EscapeDataString(f.Key) + "=" + (f.Key == field ? escaped : Uri.EscapeDataString(f.Value)))));

    private static string EscapeRouteValue(string value, bool catchAll) =>
        catchAll ? string.Join('/', value.Split('/').Select(Uri.EscapeDataString)) : Uri.EscapeDataString(value);

    private string GoodRouteValue(SweepTemplate template, string name) =>
        template.RouteOverrides?.GetValueOrDefault(name) ?? name switch
        {
            "facility_id" => "default_facility",
            "id" => data.ProductId,
            "dataset" => data.Dataset,
            "version" => "1",
            "key" => data.LakeKey,
            "name" => "JDE_CARDEX_SUMMARY",
            "job" => "cardex-sync",
            _ => "x",
        };

    private string GoodQueryValue(SweepEndpoint endpoint, string name) => name switch
    {
        // Versions for the schema diff; instants for the /data filters.
        "from" => IsDataEndpoint(endpoint) ? "2020-01-01T00:00:00Z" : "1",
        "to" => IsDataEndpoint(endpoint) ? "2100-01-01T00:00:00Z" : "2",
        "key" => data.ManifestKey,
        "dataset" => data.Dataset,
        "productId" => data.ProductId,
        _ => "1",
    };

    private static bool IsDataEndpoint(SweepEndpoint endpoint) => endpoint.Path.StartsWith("/data/", StringComparison.Ordinal);

    /// <summary>The valid JSON body (the first JSON media type) and form fields of an operation, from its schema.</summary>
    private (JsonObject? Json, string? JsonType, List<KeyValuePair<string, string>>? Form) RequestBody(JsonElement operation)
    {
        if (!operation.TryGetProperty("requestBody", out var requestBody) || !requestBody.TryGetProperty("content", out var content))
        {
            return (null, null, null);
        }

        JsonObject? json = null;
        string? jsonType = null;
        List<KeyValuePair<string, string>>? form = null;
        foreach (var media in content.EnumerateObject())
        {
            var sample = media.Value.TryGetProperty("schema", out var schema) ? Sample(schema, "", 0) as JsonObject : null;
            if (json is null && media.Name.Contains("json", StringComparison.Ordinal))
            {
                (json, jsonType) = (sample ?? [], media.Name);
            }
            else if (form is null && media.Name == FormContentType)
            {
                form = [.. (sample ?? []).Select(p => Pair(p.Key, p.Value?.ToString() ?? ""))];
            }
        }

        return (json, jsonType, form);
    }

    /// <summary>A valid value for a schema: objects with every property, arrays with one element, scalars from the tables.</summary>
    private JsonNode? Sample(JsonElement schema, string key, int depth)
    {
        schema = Resolve(schema);
        if (depth > 8)
        {
            return null;
        }

        foreach (var choice in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(choice, out var alternatives))
            {
                var chosen = alternatives.EnumerateArray().Select(Resolve).FirstOrDefault(a => TypeOf(a) != "null");
                return chosen.ValueKind == JsonValueKind.Undefined ? null : Sample(chosen, key, depth);
            }
        }

        var type = TypeOf(schema);
        if (schema.TryGetProperty("properties", out var properties))
        {
            var sample = new JsonObject();
            foreach (var property in properties.EnumerateObject())
            {
                sample[property.Name] = Sample(property.Value, key.Length == 0 ? property.Name : $"{key}.{property.Name}", depth + 1);
            }

            return sample;
        }

        if (type == "array")
        {
            return schema.TryGetProperty("items", out var items) ? new JsonArray(Sample(items, key, depth + 1)) : [];
        }

        return GoodJsonValue(key, type, schema.TryGetProperty("format", out var format) ? format.GetString() : null);
    }

    private JsonElement Resolve(JsonElement schema)
    {
        for (var i = 0; i < 16 && schema.TryGetProperty("$ref", out var reference); i++)
        {
            // "#/components/schemas/ProductInput"
            var node = document;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                node = node.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            }

            schema = node;
        }

        return schema;
    }

    private static string? TypeOf(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? null
        : type.ValueKind == JsonValueKind.String ? type.GetString()
        : type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null");

    /// <summary>Valid values by property (dotted path first, then name), else by type.</summary>
    private JsonNode? GoodJsonValue(string key, string? type, string? format) => key switch
    {
        "unitConversions.unit" => JsonValue.Create("BG"),
        "unitConversions.factor" => JsonValue.Create(25),
        "jde.shortItemNumber" => JsonValue.Create(990001),
        "jde.secondItemNumber" => JsonValue.Create("SWEEP_ITEM"),
        "jde.branchPlant" => JsonValue.Create("1110"),
        _ => key.Split('.')[^1] switch
        {
            "productName" => JsonValue.Create("Sweep product"),
            "description" => JsonValue.Create("Made by the hostile-input sweep"),
            "productCategory" => JsonValue.Create("Ingredient"),
            "inventoryUnit" or "unit" => JsonValue.Create("KG"),
            "archived" => JsonValue.Create(false),
            "stockingType" => JsonValue.Create("P"),
            "glClass" => JsonValue.Create("WA01"),
            "productId" => JsonValue.Create(data.ProductId),
            "quantity" => JsonValue.Create(1),
            "adjustmentType" => JsonValue.Create("RECEIPT"),
            "batchNumber" => JsonValue.Create("SWEEP-1"),
            "lotNumber" => JsonValue.Create("LOT-1"),
            "vesselCode" => JsonValue.Create("V-1"),
            "reason" => JsonValue.Create("hostile-input sweep"),
            "expiryDate" => JsonValue.Create("2030-01-01"),
            "mode" or "compatibility" => JsonValue.Create("BACKWARD"),
            "username" => JsonValue.Create(SweepData.VictimUser),
            "password" => JsonValue.Create(SweepData.VictimPassword),
            // /token's baseline is the password grant; the refresh grant's field is then not read.
            "grant_type" => JsonValue.Create("password"),
            _ => (type, format) switch
            {
                ("string", "date-time") => JsonValue.Create(DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)),
                ("string", "date") => JsonValue.Create("2030-01-01"),
                ("integer" or "number", _) => JsonValue.Create(1),
                ("boolean", _) => JsonValue.Create(false),
                _ => JsonValue.Create("sweep"),
            },
        },
    };

    /// <summary>Every scalar slot of a body: properties of nested objects, and the first element of arrays.</summary>
    private static IEnumerable<(object[] Path, string Label)> Leaves(JsonNode? node, object[] path, string label)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    foreach (var leaf in Leaves(child, [.. path, name], label.Length == 0 ? name : $"{label}.{name}"))
                    {
                        yield return leaf;
                    }
                }

                break;
            case JsonArray { Count: > 0 } array:
                foreach (var leaf in Leaves(array[0], [.. path, 0], $"{label}[0]"))
                {
                    yield return leaf;
                }

                break;
            default:
                yield return (path, label);
                break;
        }
    }

    /// <summary>The body with one slot replaced by a raw token, written into the text so that invalid JSON text can be sent too.</summary>
    private static byte[] WithToken(JsonObject body, object[] path, byte[] token)
    {
        var copy = body.DeepClone();
        var parent = copy;
        foreach (var step in path[..^1])
        {
            parent = step is int index ? parent[index]! : parent[(string)step]!;
        }

        if (path[^1] is int last)
        {
            parent[last] = Marker;
        }
        else
        {
            parent[(string)path[^1]] = Marker;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(copy);
        var at = bytes.AsSpan().IndexOf(MarkerToken);
        return [.. bytes.AsSpan(0, at), .. token, .. bytes.AsSpan(at + MarkerToken.Length)];
    }

    private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);
}

/// <summary>An endpoint's valid request (for the simulator, one per orchestration) and the slots to attack in it.</summary>
internal sealed record SweepTemplate(
    SweepEndpoint Endpoint,
    string Variant,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<string> QueryTargets,
    IReadOnlyList<string> HeaderTargets,
    JsonObject? Json,
    string? JsonContentType,
    IReadOnlyList<KeyValuePair<string, string>>? Form,
    bool TakesBody)
{
    public IReadOnlyDictionary<string, string>? RouteOverrides { get; init; }
}
