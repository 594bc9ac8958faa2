using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Portal.Inventory;

/// <summary>Calls the /bakeryops API of a running portal as one user, for the default facility.</summary>
public sealed class BakeryOpsApiClient(HttpClient http, string facilityId = "default_facility") : IDisposable
{
    public HttpClient Http => http;
    public string Facility => $"bakeryops/facilities/{facilityId}";

    public static async Task<BakeryOpsApiClient> SignInAsync(PortalFixture fixture, string userName = "admin", string password = PortalFactory.AdminPassword)
    {
        var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync(userName, password));
        return new BakeryOpsApiClient(client);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json, string? idempotencyKey = null, string method = "POST")
    {
        var request = new HttpRequestMessage(new HttpMethod(method), $"{Facility}/{path}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return http.SendAsync(request);
    }

    public async Task<JsonElement> CreateProductAsync(string name, string unit = "KG", string conversions = "[]")
    {
        using var response = await PostJsonAsync("products", $$"""{"productName":"{{name}}","inventoryUnit":"{{unit}}","unitConversions":{{conversions}}}""");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> AdjustAsync(string productId, decimal quantity, string unit, string type, string? batch = null)
    {
        var batchJson = batch is null ? "" : $",\"batchNumber\":\"{batch}\"";
        using var response = await PostJsonAsync("inventory-adjustments",
            $$"""{"productId":"{{productId}}","quantity":{{quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"unit":"{{unit}}","adjustmentType":"{{type}}"{{batchJson}}}""");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> GetProductAsync(string productId) =>
        await http.GetFromJsonAsync<JsonElement>($"{Facility}/products/{productId}");

    public async Task<decimal> OnHandAsync(string productId) =>
        (await GetProductAsync(productId)).GetProperty("onHand").GetProperty("amount").GetDecimal();

    public void Dispose() => http.Dispose();
}
