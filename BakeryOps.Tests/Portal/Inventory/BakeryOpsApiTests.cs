using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BakeryOps.Domain.Identity;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Inventory;

/// <summary>Every /bakeryops endpoint and error class, on both providers.</summary>
public abstract class BakeryOpsApiTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];

    [Fact]
    public async Task CreateProduct_WhenValid_Then201WithLocationAndTheSeedShape()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var name = Unique("Flour");

        using var response = await api.PostJsonAsync("products",
            $$"""{"productName":"{{name}}","description":"T55","productCategory":"Ingredient","inventoryUnit":"kg","jde":{"shortItemNumber":60001,"secondItemNumber":"B_FLOUR_T55","branchPlant":"1110"},"unitConversions":[{"unit":"BG","factor":25}]}""");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var fetched = await api.Http.GetAsync(response.Headers.Location!.ToString().TrimStart('/'));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        body.GetProperty("_id").GetString().Should().StartWith("prod_");
        body.GetProperty("facility_id").GetString().Should().Be("default_facility");
        body.GetProperty("productName").GetString().Should().Be(name);
        body.GetProperty("inventoryUnit").GetString().Should().Be("KG");
        body.GetProperty("onHand").GetProperty("amount").GetDecimal().Should().Be(0);
        body.GetProperty("onHand").GetProperty("batches").GetArrayLength().Should().Be(0);
        body.GetProperty("archived").GetBoolean().Should().BeFalse();
        body.GetProperty("jde").GetProperty("shortItemNumber").GetInt32().Should().Be(60001);
        body.GetProperty("unitConversions")[0].GetProperty("factor").GetDecimal().Should().Be(25);
        fetched.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("""{"inventoryUnit":"KG"}""", "productName")]
    [InlineData("""{"productName":"  ","inventoryUnit":"KG"}""", "productName")]
    [InlineData("""{"productName":"X","inventoryUnit":"BUCKET"}""", "inventoryUnit")]
    [InlineData("""{"productName":"X"}""", "inventoryUnit")]
    [InlineData("""{"productName":"X","inventoryUnit":"KG","unitConversions":[{"unit":"BG","factor":0}]}""", "unitConversions[0].factor")]
    [InlineData("""{"productName":"X","inventoryUnit":"KG","unitConversions":[{"unit":"NOPE","factor":2}]}""", "unitConversions[0].unit")]
    [InlineData("""{"productName":"X","inventoryUnit":"KG","jde":{"shortItemNumber":-4}}""", "jde.shortItemNumber")]
    [InlineData("""{"productName":"X","inventoryUnit":"KG","jde":{"shortItemNumber":"abc"}}""", "jde.shortItemNumber")]
    [InlineData("""{"productName":"X","inventoryUnit":"KG","archived":"maybe"}""", "archived")]
    [InlineData("""{"productName": """, "body")]
    [InlineData("""[1, 2]""", "body")]
    public async Task CreateProduct_WhenTheBodyIsInvalid_Then400NamingTheFieldAndNothingIsWritten(string json, string field)
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var before = await CountAsync(api, "products?archived=all");

        using var response = await api.PostJsonAsync("products", json);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
        (await CountAsync(api, "products?archived=all")).Should().Be(before);
    }

    [Fact]
    public async Task CreateProduct_WhenTheNameIsTooLong_Then400()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.PostJsonAsync("products", $$"""{"productName":"{{new string('x', 201)}}","inventoryUnit":"KG"}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CreateProduct_WhenTheBodyIsLargerThanTheLimit_Then413()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        // Expect: 100-continue, as large uploads should: the server refuses before the body is sent, instead of
        // closing the connection under a client that is still writing (a broken pipe, not a 413).
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{api.Facility}/products")
        {
            Content = new StringContent($$"""{"productName":"X","inventoryUnit":"KG","description":"{{new string('x', 1_100_000)}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        using var response = await api.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Requests_WhenTheFacilityOrProductIsUnknown_Then404()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var facility = await api.Http.GetAsync("bakeryops/facilities/no_such_facility/products");
        using var product = await api.Http.GetAsync($"{api.Facility}/products/prod_missing");
        using var adjustment = await api.PostJsonAsync("inventory-adjustments", """{"productId":"prod_missing","quantity":1,"unit":"KG"}""");
        using var patch = await api.PostJsonAsync("products/prod_missing", """{"description":"x"}""", method: "PATCH");

        facility.StatusCode.Should().Be(HttpStatusCode.NotFound);
        product.StatusCode.Should().Be(HttpStatusCode.NotFound);
        adjustment.StatusCode.Should().Be(HttpStatusCode.NotFound);
        patch.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListProducts_WhenSearchedSortedAndPaged_ThenTheDatabaseDoesItWithATotal()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var tag = Guid.NewGuid().ToString("N")[..8];
        foreach (var name in new[] { "Cherry", "Apple", "Banana" })
        {
            await api.CreateProductAsync($"{name} {tag}");
        }

        using var page = await api.Http.GetAsync($"{api.Facility}/products?q={tag}&sort=productName:-1&offset=1&size=1");
        var items = await page.Content.ReadFromJsonAsync<JsonElement>();
        var all = await api.Http.GetFromJsonAsync<JsonElement>($"{api.Facility}/products?q={tag.ToUpperInvariant()}");

        page.Headers.GetValues("X-Total-Count").Should().Equal("3");
        items.GetArrayLength().Should().Be(1);
        items[0].GetProperty("productName").GetString().Should().Be($"Banana {tag}");
        all.EnumerateArray().Select(p => p.GetProperty("productName").GetString()).Should().Equal($"Apple {tag}", $"Banana {tag}", $"Cherry {tag}");
    }

    [Theory]
    [InlineData("size=0", "size")]
    [InlineData("size=1001", "size")]
    [InlineData("offset=-1", "offset")]
    [InlineData("sort=price:1", "sort")]
    [InlineData("sort=productName:up", "sort")]
    public async Task ListProducts_WhenAQueryParameterIsInvalid_Then400NamingIt(string query, string field)
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.GetAsync($"{api.Facility}/products?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    [Fact]
    public async Task ArchiveAndRestore_WhenCalled_ThenTheListFiltersFollowAndAdjustmentsAreRefused()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var id = (await api.CreateProductAsync($"Old {tag}")).GetProperty("_id").GetString()!;

        using var archive = await api.Http.PostAsync($"{api.Facility}/products/{id}/archive", null);
        var active = await api.Http.GetFromJsonAsync<JsonElement>($"{api.Facility}/products?q={tag}");
        var archived = await api.Http.GetFromJsonAsync<JsonElement>($"{api.Facility}/products?q={tag}&archived=true");
        using var adjust = await api.PostJsonAsync("inventory-adjustments", $$"""{"productId":"{{id}}","quantity":1,"adjustmentType":"RECEIPT"}""");
        using var restore = await api.Http.PostAsync($"{api.Facility}/products/{id}/restore", null);

        archive.StatusCode.Should().Be(HttpStatusCode.OK);
        active.GetArrayLength().Should().Be(0);
        archived.GetArrayLength().Should().Be(1);
        adjust.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await restore.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("archived").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task PutAndPatch_WhenTheVersionIsCurrent_ThenChangeTheProductAndAStaleVersionGives409()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var id = (await api.CreateProductAsync(Unique("Sugar"))).GetProperty("_id").GetString()!;

        using var put = await api.PostJsonAsync($"products/{id}", """{"productName":"Caster sugar","inventoryUnit":"KG","productCategory":"Ingredient"}""", method: "PUT");
        using var patch = await api.PostJsonAsync($"products/{id}", """{"description":"Fine","jde":{"branchPlant":"1120"}}""", method: "PATCH");
        var patched = await patch.Content.ReadFromJsonAsync<JsonElement>();
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"{api.Facility}/products/{id}")
        {
            Content = new StringContent("""{"productName":"Icing sugar","inventoryUnit":"KG"}""", Encoding.UTF8, "application/json"),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        using var conflict = await api.Http.SendAsync(stale);

        put.StatusCode.Should().Be(HttpStatusCode.OK);
        patched.GetProperty("productName").GetString().Should().Be("Caster sugar");
        patched.GetProperty("description").GetString().Should().Be("Fine");
        patched.GetProperty("jde").GetProperty("branchPlant").GetString().Should().Be("1120");
        patched.GetProperty("version").GetInt32().Should().Be(2);
        conflict.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await api.GetProductAsync(id)).GetProperty("productName").GetString().Should().Be("Caster sugar");
    }

    [Fact]
    public async Task Adjustments_WhenInAConvertibleUnit_ThenOnHandAndTheBatchChangeInTheProductsUnit()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var id = (await api.CreateProductAsync(Unique("Yeast"), "G")).GetProperty("_id").GetString()!;

        var receipt = await api.AdjustAsync(id, 2.5m, "KG", "RECEIPT", "Y-1");
        await api.AdjustAsync(id, 125m, "G", "USAGE", "Y-1");
        await api.AdjustAsync(id, -0.005m, "KG", "ADJUSTMENT", "Y-1");
        var product = await api.GetProductAsync(id);

        receipt.GetProperty("inventoryQuantity").GetDecimal().Should().Be(2500m);
        receipt.GetProperty("quantity").GetDecimal().Should().Be(2.5m);
        receipt.GetProperty("unit").GetString().Should().Be("KG");
        product.GetProperty("onHand").GetProperty("amount").GetDecimal().Should().Be(2370m);
        var batch = product.GetProperty("onHand").GetProperty("batches")[0];
        batch.GetProperty("batchNumber").GetString().Should().Be("Y-1");
        batch.GetProperty("quantity").GetDecimal().Should().Be(2370m);
    }

    [Fact]
    public async Task Adjustments_WhenAProductConversionApplies_ThenCasesBecomeEggs()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var id = (await api.CreateProductAsync(Unique("Eggs"), "EA", """[{"unit":"CS","factor":360}]""")).GetProperty("_id").GetString()!;

        await api.AdjustAsync(id, 4, "CS", "RECEIPT");
        await api.AdjustAsync(id, 2, "DZ", "USAGE");

        (await api.OnHandAsync(id)).Should().Be(1416m);
    }

    [Theory]
    [InlineData("""{"quantity":0,"unit":"KG","adjustmentType":"USAGE"}""", "quantity")]
    [InlineData("""{"quantity":-3,"unit":"KG","adjustmentType":"RECEIPT"}""", "quantity")]
    [InlineData("""{"quantity":0,"unit":"KG","adjustmentType":"ADJUSTMENT"}""", "quantity")]
    [InlineData("""{"unit":"KG"}""", "quantity")]
    [InlineData("""{"quantity":1,"unit":"BUCKET"}""", "unit")]
    [InlineData("""{"quantity":1,"unit":"L"}""", "unit")]
    [InlineData("""{"quantity":1,"unit":"KG","adjustmentType":"THEFT"}""", "adjustmentType")]
    [InlineData("""{"quantity":1,"unit":"KG","adjustmentDate":"yesterday"}""", "adjustmentDate")]
    [InlineData("""{"quantity":1,"unit":"KG","adjustmentDate":"2999-01-01T00:00:00Z"}""", "adjustmentDate")]
    [InlineData("""{"quantity":"lots","unit":"KG"}""", "quantity")]
    [InlineData("""{"quantity":0.0000001,"unit":"KG"}""", "quantity")]
    public async Task Adjustments_WhenInvalid_Then400NamingTheFieldAndOnHandIsUnchanged(string fields, string field)
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var id = (await api.CreateProductAsync(Unique("Butter"))).GetProperty("_id").GetString()!;
        await api.AdjustAsync(id, 10, "KG", "RECEIPT");
        var json = fields.Insert(1, $"\"productId\":\"{id}\",");

        using var response = await api.PostJsonAsync("inventory-adjustments", json);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
        (await api.OnHandAsync(id)).Should().Be(10);
    }

    [Fact]
    public async Task Adjustments_WhenStockWouldGoBelowZero_Then409AndNothingIsWritten()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var id = (await api.CreateProductAsync(Unique("Salt"))).GetProperty("_id").GetString()!;
        await api.AdjustAsync(id, 5, "KG", "RECEIPT", "S-1");

        using var product = await api.PostJsonAsync("inventory-adjustments", $$"""{"productId":"{{id}}","quantity":6,"unit":"KG","adjustmentType":"USAGE"}""");
        using var batch = await api.PostJsonAsync("inventory-adjustments", $$"""{"productId":"{{id}}","quantity":1,"unit":"KG","adjustmentType":"WASTE","batchNumber":"S-2"}""");

        product.StatusCode.Should().Be(HttpStatusCode.Conflict);
        batch.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await api.OnHandAsync(id)).Should().Be(5);
        (await CountAsync(api, $"inventory-movements?productId={id}")).Should().Be(1);
    }

    [Fact]
    public async Task Adjustments_WhenOneItemOfAnArrayFails_ThenNoneIsRecorded()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var id = (await api.CreateProductAsync(Unique("Milk"), "L")).GetProperty("_id").GetString()!;

        using var invalid = await api.PostJsonAsync("inventory-adjustments",
            $$"""[{"productId":"{{id}}","quantity":10,"unit":"L","adjustmentType":"RECEIPT"},{"productId":"{{id}}","quantity":500,"unit":"ML","adjustmentType":"USAGE"},{"productId":"{{id}}","quantity":1,"unit":"KG"}]""");
        using var conflicting = await api.PostJsonAsync("inventory-adjustments",
            $$"""[{"productId":"{{id}}","quantity":10,"unit":"L","adjustmentType":"RECEIPT"},{"productId":"{{id}}","quantity":11,"unit":"L","adjustmentType":"USAGE"}]""");
        using var valid = await api.PostJsonAsync("inventory-adjustments",
            $$"""[{"productId":"{{id}}","quantity":10,"unit":"L","adjustmentType":"RECEIPT"},{"productId":"{{id}}","quantity":500,"unit":"ML","adjustmentType":"USAGE"}]""");
        var created = await valid.Content.ReadFromJsonAsync<JsonElement>();

        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("[2].unit", out _).Should().BeTrue();
        conflicting.StatusCode.Should().Be(HttpStatusCode.Conflict);
        valid.StatusCode.Should().Be(HttpStatusCode.Created);
        created.GetArrayLength().Should().Be(2);
        (await api.OnHandAsync(id)).Should().Be(9.5m);
    }

    [Fact]
    public async Task Adjustments_WhenRepeatedWithTheSameIdempotencyKey_ThenStockMovesOnceAndTheFirstResponseIsReplayed()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var id = (await api.CreateProductAsync(Unique("Rye"))).GetProperty("_id").GetString()!;
        var body = $$"""{"productId":"{{id}}","quantity":7,"unit":"KG","adjustmentType":"RECEIPT"}""";
        var key = Guid.NewGuid().ToString();

        using var first = await api.PostJsonAsync("inventory-adjustments", body, key);
        using var second = await api.PostJsonAsync("inventory-adjustments", body, key);
        using var different = await api.PostJsonAsync("inventory-adjustments", body.Replace("7", "8", StringComparison.Ordinal), key);

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        second.StatusCode.Should().Be(HttpStatusCode.Created);
        (await second.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        second.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        different.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await api.OnHandAsync(id)).Should().Be(7);
    }

    [Fact]
    public async Task CreateProduct_WhenRepeatedWithTheSameIdempotencyKey_ThenOneProductWithTheSameLocation()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var name = Unique("Oats");
        var key = Guid.NewGuid().ToString();

        using var first = await api.PostJsonAsync("products", $$"""{"productName":"{{name}}","inventoryUnit":"KG"}""", key);
        using var second = await api.PostJsonAsync("products", $$"""{"productName":"{{name}}","inventoryUnit":"KG"}""", key);

        second.Headers.Location.Should().Be(first.Headers.Location);
        (await CountAsync(api, $"products?q={Uri.EscapeDataString(name)}")).Should().Be(1);
    }

    [Fact]
    public async Task ListMovements_WhenFilteredByTypeDateAndProduct_ThenOnlyMatchingMovementsInOrder()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var id = (await api.CreateProductAsync(Unique("Honey"))).GetProperty("_id").GetString()!;
        using var posted = await api.PostJsonAsync("inventory-adjustments", $$"""
            [{"productId":"{{id}}","quantity":10,"unit":"KG","adjustmentType":"RECEIPT","adjustmentDate":"2025-08-20T10:00:00Z"},
             {"productId":"{{id}}","quantity":1,"unit":"KG","adjustmentType":"USAGE","adjustmentDate":"2025-08-21T10:00:00Z","reason":"Batch 001"},
             {"productId":"{{id}}","quantity":2,"unit":"KG","adjustmentType":"USAGE","adjustmentDate":"2025-08-22T10:00:00Z"},
             {"productId":"{{id}}","quantity":1,"unit":"KG","adjustmentType":"WASTE","adjustmentDate":"2025-08-22T11:00:00Z"}]
            """);
        posted.StatusCode.Should().Be(HttpStatusCode.Created);

        using var response = await api.Http.GetAsync(
            $"{api.Facility}/inventory-movements?productId={id}&movementTypes=USAGE,WASTE&startDate=2025-08-21&endDate=2025-08-22&sort=movementDate:-1&includeProductDetails=true");
        var movements = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.Headers.GetValues("X-Total-Count").Should().Equal("3");
        movements.EnumerateArray().Select(m => m.GetProperty("adjustmentType").GetString()).Should().Equal("WASTE", "USAGE", "USAGE");
        movements[2].GetProperty("reason").GetString().Should().Be("Batch 001");
        movements[0].GetProperty("product").GetProperty("_id").GetString().Should().Be(id);
        movements[0].GetProperty("inventoryQuantity").GetDecimal().Should().Be(-1);
    }

    [Fact]
    public async Task Adjustments_WhenTheDateCarriesAnOffset_ThenItIsStoredAsTheSameInstantInUtc()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var id = (await api.CreateProductAsync(Unique("Malt"))).GetProperty("_id").GetString()!;

        using var posted = await api.PostJsonAsync("inventory-adjustments",
            $$"""{"productId":"{{id}}","quantity":1,"unit":"KG","adjustmentType":"RECEIPT","adjustmentDate":"2025-08-21T10:00:00+02:00"}""");
        var listed = await api.Http.GetFromJsonAsync<JsonElement>(
            $"{api.Facility}/inventory-movements?productId={id}&startDate=2025-08-21T09:59:00%2B02:00&endDate=2025-08-21T08:00:00Z");

        posted.StatusCode.Should().Be(HttpStatusCode.Created);
        listed.GetArrayLength().Should().Be(1);
        listed[0].GetProperty("adjustmentDate").GetDateTimeOffset().Should().Be(new DateTimeOffset(2025, 8, 21, 8, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Put_WhenArchivedIsOmitted_ThenAnArchivedProductStaysArchived()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var id = (await api.CreateProductAsync(Unique("Spelt"))).GetProperty("_id").GetString()!;
        (await api.Http.PostAsync($"{api.Facility}/products/{id}/archive", null)).EnsureSuccessStatusCode();

        using var put = await api.PostJsonAsync($"products/{id}", """{"productName":"Spelt flour","inventoryUnit":"KG"}""", method: "PUT");

        (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("archived").GetBoolean().Should().BeTrue();
    }

    [Theory]
    [InlineData("startDate=last-week", "startDate")]
    [InlineData("endDate=2025-13-45", "endDate")]
    [InlineData("movementTypes=USAGE,THEFT", "movementTypes")]
    [InlineData("sort=movementDate:sideways", "sort")]
    public async Task ListMovements_WhenAFilterIsInvalid_Then400NamingIt(string query, string field)
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.GetAsync($"{api.Facility}/inventory-movements?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    [Theory]
    [InlineData(Roles.Viewer, HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Inventory, HttpStatusCode.OK, HttpStatusCode.Created)]
    [InlineData(Roles.Planner, HttpStatusCode.OK, HttpStatusCode.Created)]
    [InlineData(Roles.Integration, HttpStatusCode.OK, HttpStatusCode.Created)]
    public async Task Roles_WhenCallingTheApi_ThenViewersReadAndWritersWrite(string role, HttpStatusCode read, HttpStatusCode write)
    {
        var userName = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}";
        await fixture.CreateUserAsync(userName, "Role-Passw0rd!", role);
        using var api = await BakeryOpsApiClient.SignInAsync(fixture, userName, "Role-Passw0rd!");

        using var list = await api.Http.GetAsync($"{api.Facility}/products");
        using var create = await api.PostJsonAsync("products", $$"""{"productName":"{{Unique("By " + role)}}","inventoryUnit":"EA"}""");

        list.StatusCode.Should().Be(read);
        create.StatusCode.Should().Be(write);
    }

    [Fact]
    public async Task Adjustments_WhenTheFacilityAllowsNegativeOnHand_ThenStockGoesBelowZeroAndTheProductIsFlagged()
    {
        var facilityId = $"negative_{Guid.NewGuid():N}"[..20];
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BakeryOps.Infrastructure.Persistence.BakeryOpsDbContext>();
            db.Facilities.Add(new BakeryOps.Domain.Facilities.Facility
            {
                Id = facilityId, Name = "Backflush kitchen", AllowNegativeOnHand = true, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));
        using var api = new BakeryOpsApiClient(client, facilityId);
        var id = (await api.CreateProductAsync(Unique("Cream"), "L")).GetProperty("_id").GetString()!;

        await api.AdjustAsync(id, 2, "L", "USAGE", "C-1");
        var product = await api.GetProductAsync(id);

        product.GetProperty("onHand").GetProperty("amount").GetDecimal().Should().Be(-2);
        product.GetProperty("onHand").GetProperty("belowZero").GetBoolean().Should().BeTrue();
        product.GetProperty("onHand").GetProperty("batches")[0].GetProperty("quantity").GetDecimal().Should().Be(-2);
    }

    protected static async Task<int> CountAsync(BakeryOpsApiClient api, string pathAndQuery)
    {
        using var response = await api.Http.GetAsync($"{api.Facility}/{pathAndQuery}{(pathAndQuery.Contains('?') ? "&" : "?")}size=1");
        response.EnsureSuccessStatusCode();
        return int.Parse(response.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected async Task ParallelAdjustmentsEndExact(int count)
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var id = (await api.CreateProductAsync(Unique("Parallel"))).GetProperty("_id").GetString()!;
        await api.AdjustAsync(id, 1000, "KG", "RECEIPT", "P-1");

        var responses = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            using var response = await api.PostJsonAsync("inventory-adjustments",
                $$"""{"productId":"{{id}}","quantity":{{(i % 2 == 0 ? "1.5" : "250")}},"unit":"{{(i % 2 == 0 ? "KG" : "G")}}","adjustmentType":"USAGE","batchNumber":"P-1"}""");
            return response.StatusCode;
        }));

        responses.Should().AllBeEquivalentTo(HttpStatusCode.Created);
        var expected = 1000m - (count / 2 * 1.5m) - (count / 2 * 0.25m);
        var product = await api.GetProductAsync(id);
        product.GetProperty("onHand").GetProperty("amount").GetDecimal().Should().Be(expected);
        product.GetProperty("onHand").GetProperty("batches")[0].GetProperty("quantity").GetDecimal().Should().Be(expected);
        (await CountAsync(api, $"inventory-movements?productId={id}")).Should().Be(count + 1);
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteBakeryOpsApiTests(SqlitePortalFixture fixture)
    : BakeryOpsApiTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public Task Adjustments_When20ArriveAtOnceForOneProduct_ThenOnHandIsExact() => ParallelAdjustmentsEndExact(20);
}

[Trait("Category", "Postgres")]
public sealed class PostgresBakeryOpsApiTests(PostgresPortalFixture fixture)
    : BakeryOpsApiTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>
{
    [Fact]
    public Task Adjustments_When100ArriveAtOnceForOneProduct_ThenOnHandIsExact() => ParallelAdjustmentsEndExact(100);
}
