using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Identity;

namespace BakeryOps.Portal.Inventory;

/// <summary>
/// Calls every /bakeryops endpoint over HTTP, as the requesting user, against a scratch facility that is removed
/// afterwards, and reports pass or fail per call: proof that the API works end to end on this deployment.
/// </summary>
public sealed class BakeryOpsSelfTest(
    ScratchFacilities facilities,
    UserManager<ApplicationUser> users,
    TokenService tokens,
    IServer server,
    IHttpClientFactory httpClients)
{
    public async Task<SelfTestReport> RunAsync(ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(caller) ?? await users.FindByNameAsync(caller.Identity?.Name ?? "")
            ?? throw new InvalidOperationException("The signed-in user could not be found.");
        var facilityId = $"selftest_{Guid.NewGuid():N}"[..21];
        await facilities.CreateAsync(facilityId, "Self-test (temporary)", cancellationToken);
        var results = new List<SelfTestStep>();
        try
        {
            using var http = httpClients.CreateClient(nameof(BakeryOpsSelfTest));
            http.BaseAddress = OwnAddress();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Create(user, await users.GetRolesAsync(user)).AccessToken);
            await RunStepsAsync(http, $"bakeryops/facilities/{facilityId}", results, cancellationToken);
        }
        finally
        {
            await facilities.RemoveAsync(facilityId, CancellationToken.None);
        }

        return new SelfTestReport(results.All(r => r.Passed), facilityId, results);
    }

    private static async Task RunStepsAsync(HttpClient http, string facility, List<SelfTestStep> results, CancellationToken cancellationToken)
    {
        async Task<JsonElement?> Step(string name, HttpMethod method, string path, string? json, HttpStatusCode expected, string? key = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            if (key is not null)
            {
                request.Headers.Add("Idempotency-Key", key);
            }

            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                var passed = response.StatusCode == expected;
                results.Add(new SelfTestStep(name, method.Method, "/" + path, (int)expected, (int)response.StatusCode, passed,
                    Math.Round(watch.Elapsed.TotalMilliseconds, 1), passed ? null : Truncate(text)));
                return passed && text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json") == true
                    ? JsonDocument.Parse(text).RootElement.Clone()
                    : null;
            }
            catch (HttpRequestException ex)
            {
                results.Add(new SelfTestStep(name, method.Method, "/" + path, (int)expected, 0, false, Math.Round(watch.Elapsed.TotalMilliseconds, 1), ex.Message));
                return null;
            }
        }

        var created = await Step("create product", HttpMethod.Post, $"{facility}/products",
            """{"productName":"Self-test flour","inventoryUnit":"KG","unitConversions":[{"unit":"BG","factor":25}]}""", HttpStatusCode.Created);
        var id = created?.GetProperty("_id").GetString() ?? "prod_missing";
        await Step("list products", HttpMethod.Get, $"{facility}/products?includeBatches=true", null, HttpStatusCode.OK);
        await Step("get product", HttpMethod.Get, $"{facility}/products/{id}", null, HttpStatusCode.OK);
        await Step("replace product", HttpMethod.Put, $"{facility}/products/{id}",
            """{"productName":"Self-test flour T55","inventoryUnit":"KG","unitConversions":[{"unit":"BG","factor":25}]}""", HttpStatusCode.OK);
        await Step("patch product", HttpMethod.Patch, $"{facility}/products/{id}", """{"description":"patched"}""", HttpStatusCode.OK);
        var key = Guid.NewGuid().ToString();
        var receipt = $$"""{"productId":"{{id}}","quantity":2,"unit":"BG","adjustmentType":"RECEIPT","batchNumber":"SELFTEST-1"}""";
        await Step("record adjustment", HttpMethod.Post, $"{facility}/inventory-adjustments", receipt, HttpStatusCode.Created, key);
        await Step("repeat with the same Idempotency-Key", HttpMethod.Post, $"{facility}/inventory-adjustments", receipt, HttpStatusCode.Created, key);
        await Step("record adjustments (array)", HttpMethod.Post, $"{facility}/inventory-adjustments",
            $$"""[{"productId":"{{id}}","quantity":500,"unit":"G","adjustmentType":"USAGE","batchNumber":"SELFTEST-1"},{"productId":"{{id}}","quantity":-1,"unit":"KG","adjustmentType":"ADJUSTMENT"}]""",
            HttpStatusCode.Created);
        await Step("refuse an invalid adjustment", HttpMethod.Post, $"{facility}/inventory-adjustments",
            $$"""{"productId":"{{id}}","quantity":0,"unit":"KG"}""", HttpStatusCode.BadRequest);
        await Step("refuse stock below zero", HttpMethod.Post, $"{facility}/inventory-adjustments",
            $$"""{"productId":"{{id}}","quantity":1000,"unit":"KG","adjustmentType":"USAGE"}""", HttpStatusCode.Conflict);
        var product = await Step("on-hand is exact", HttpMethod.Get, $"{facility}/products/{id}", null, HttpStatusCode.OK);
        if (product?.GetProperty("onHand").GetProperty("amount").GetDecimal() is { } amount && amount != 48.5m)
        {
            results.Add(new SelfTestStep("on-hand equals 50 - 0.5 - 1", "GET", $"/{facility}/products/{id}", 200, 200, false, 0, $"on-hand is {amount}, expected 48.5"));
        }

        await Step("list movements", HttpMethod.Get, $"{facility}/inventory-movements?includeProductDetails=true&sort=movementDate:-1", null, HttpStatusCode.OK);
        await Step("archive product", HttpMethod.Post, $"{facility}/products/{id}/archive", null, HttpStatusCode.OK);
        await Step("restore product", HttpMethod.Post, $"{facility}/products/{id}/restore", null, HttpStatusCode.OK);
        await Step("batch-data refuses a facility with no sample branch", HttpMethod.Post, $"{facility}/batch-data", null, HttpStatusCode.NotFound);
    }

    private Uri OwnAddress() =>
        ServerAddress.Resolve(server) ?? throw new InvalidOperationException("The server has no address to call itself on.");

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";
}

public sealed record SelfTestReport(
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("facility_id")] string FacilityId,
    [property: JsonPropertyName("results")] IReadOnlyList<SelfTestStep> Results);

public sealed record SelfTestStep(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("expectedStatus")] int ExpectedStatus,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("durationMs")] double DurationMs,
    [property: JsonPropertyName("detail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail);
