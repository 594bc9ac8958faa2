// The hand-written baseline of the API benchmark (issue 16): GET products and GET inventory-movements of one facility,
// doing the portal's work and nothing else, so scripts/benchmark-api.sh can report the portal as a ratio to it.
// Never part of the portal. Per request, as the portal does for these URLs with their default filters:
//   - the same JWT bearer check (JwtBearer handler, same issuer, audience, key, algorithm and clock skew as
//     BakeryOps.Portal/Identity/AuthenticationSetup.cs) and the same role requirement as the "read" policy;
//   - the facility check, the count behind X-Total-Count and the page query, with raw Npgsql (prepared statements);
//   - the same JSON, byte for byte, written with Utf8JsonWriter (the benchmark compares the two responses).
// Supported query parameters: size and offset; products lists the active ones by name, movements by date, as the
// portal's defaults do.
//   dotnet run -c Release scripts/bench/api-baseline.cs -- <Npgsql connection string> <http://127.0.0.1:port>
// The signing key comes from SECRET_KEY, as the portal's; Jwt__Issuer, Jwt__Audience and ALGORITHM when set.
#:sdk Microsoft.NET.Sdk.Web
#:package Npgsql
#:package Microsoft.AspNetCore.Authentication.JwtBearer
#:property Nullable=enable
#:property PublishAot=false
#:property InvariantGlobalization=true
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

var connectionString = args[0];
var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls(args[1]);
builder.Logging.ClearProviders();
var secret = Environment.GetEnvironmentVariable("SECRET_KEY") ?? throw new InvalidOperationException("SECRET_KEY is not set");
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
{
    o.MapInboundClaims = false;
    o.TokenValidationParameters = new TokenValidationParameters
    {
        ValidIssuer = Environment.GetEnvironmentVariable("Jwt__Issuer") ?? "bakeryops",
        ValidAudience = Environment.GetEnvironmentVariable("Jwt__Audience") ?? "bakeryops-api",
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)),
        ValidAlgorithms = [Environment.GetEnvironmentVariable("ALGORITHM") ?? SecurityAlgorithms.HmacSha256],
        NameClaimType = "name",
        RoleClaimType = "role",
        ClockSkew = TimeSpan.FromSeconds(30),
    };
});
builder.Services.AddAuthorizationBuilder().AddPolicy("read", p => p.RequireRole("Admin", "Planner", "Inventory", "Viewer", "Integration"));
builder.Services.AddSingleton(NpgsqlDataSource.Create(connectionString));

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapGet("/bakeryops/facilities/{facility_id}/products", (string facility_id, HttpContext http, NpgsqlDataSource db) =>
    Baseline.ListAsync(http, db, facility_id, Baseline.Products)).RequireAuthorization("read");
app.MapGet("/bakeryops/facilities/{facility_id}/inventory-movements", (string facility_id, HttpContext http, NpgsqlDataSource db) =>
    Baseline.ListAsync(http, db, facility_id, Baseline.Movements)).RequireAuthorization("read");
app.Run();

internal sealed record ListSql(string Count, string Page, Action<NpgsqlDataReader, Utf8JsonWriter> WriteRow);

internal static class Baseline
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static readonly ListSql Products = new(
        "SELECT count(*) FROM bakery_ops_products WHERE facility_id = $1 AND NOT archived",
        """
        SELECT id, facility_id, product_name, description, product_category, inventory_unit, on_hand, archived,
               jde_short_item_number, jde_second_item_number, jde_branch_plant, unit_conversions, stocking_type, gl_class,
               lot_controlled, shelf_life_days, version, created_at, updated_at
        FROM bakery_ops_products WHERE facility_id = $1 AND NOT archived
        ORDER BY product_name, id LIMIT $2 OFFSET $3
        """,
        WriteProduct);

    public static readonly ListSql Movements = new(
        "SELECT count(*) FROM bakery_ops_movements WHERE facility_id = $1",
        """
        SELECT id, facility_id, product_id, batch_number, quantity, unit, adjustment_type, reason, adjustment_date,
               vessel_code, lot_number, inventory_quantity, source, jde_ledger_key, created_by, created_at
        FROM bakery_ops_movements WHERE facility_id = $1
        ORDER BY adjustment_date, id LIMIT $2 OFFSET $3
        """,
        WriteMovement);

    public static async Task ListAsync(HttpContext http, NpgsqlDataSource db, string facilityId, ListSql sql)
    {
        var size = Math.Clamp(int.TryParse(http.Request.Query["size"], CultureInfo.InvariantCulture, out var s) ? s : 100, 1, 1000);
        var offset = Math.Max(0, int.TryParse(http.Request.Query["offset"], CultureInfo.InvariantCulture, out var o) ? o : 0);
        var cancel = http.RequestAborted;
        await using var connection = await db.OpenConnectionAsync(cancel);

        await using (var facility = Command(connection, "SELECT 1 FROM facilities WHERE id = $1", facilityId))
        {
            await facility.PrepareAsync(cancel);
            if (await facility.ExecuteScalarAsync(cancel) is null)
            {
                await Results.Problem(statusCode: 404, title: "Not Found", detail: $"There is no facility '{facilityId}'.").ExecuteAsync(http);
                return;
            }
        }

        await using (var count = Command(connection, sql.Count, facilityId))
        {
            await count.PrepareAsync(cancel);
            var total = (long)(await count.ExecuteScalarAsync(cancel))!;
            http.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        }

        var buffer = new ArrayBufferWriter<byte>(size * 600);
        await using (var page = Command(connection, sql.Page, facilityId, size, offset))
        {
            await page.PrepareAsync(cancel);
            await using var reader = await page.ExecuteReaderAsync(cancel);
            await using var json = new Utf8JsonWriter(buffer, WriterOptions);
            json.WriteStartArray();
            while (await reader.ReadAsync(cancel))
            {
                sql.WriteRow(reader, json);
            }

            json.WriteEndArray();
        }

        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = buffer.WrittenCount;
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, cancel);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string text, params object[] values)
    {
        var command = new NpgsqlCommand(text, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static void WriteProduct(NpgsqlDataReader r, Utf8JsonWriter w)
    {
        var unit = r.GetString(5);
        var onHand = r.GetDecimal(6);
        w.WriteStartObject();
        w.WriteString("_id", r.GetString(0));
        w.WriteString("facility_id", r.GetString(1));
        w.WriteString("productName", r.GetString(2));
        w.WriteString("description", r.GetString(3));
        w.WriteString("productCategory", r.GetString(4));
        w.WriteString("inventoryUnit", unit);
        w.WriteStartObject("onHand");
        w.WriteNumber("amount", onHand);
        w.WriteString("unit", unit);
        w.WriteBoolean("belowZero", onHand < 0);
        w.WriteStartArray("batches");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteBoolean("archived", r.GetBoolean(7));
        w.WriteStartObject("jde");
        NullableInt(w, "shortItemNumber", r, 8);
        NullableString(w, "secondItemNumber", r, 9);
        NullableString(w, "branchPlant", r, 10);
        w.WriteEndObject();
        w.WritePropertyName("unitConversions");
        WriteConversions(w, r.GetString(11));
        NullableString(w, "stockingType", r, 12);
        NullableString(w, "glClass", r, 13);
        w.WriteBoolean("lotControlled", r.GetBoolean(14));
        NullableInt(w, "shelfLifeDays", r, 15);
        w.WriteNumber("version", r.GetInt32(16));
        w.WriteString("created_at", r.GetFieldValue<DateTimeOffset>(17));
        w.WriteString("updated_at", r.GetFieldValue<DateTimeOffset>(18));
        w.WriteEndObject();
    }

    // The stored conversions are [{"unit":..,"factor":..}]; read and written again, as the response must not trust the column.
    private static void WriteConversions(Utf8JsonWriter w, string stored)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(stored));
        w.WriteStartArray();
        string? unit = null;
        decimal factor = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                w.WriteStartObject();
                w.WriteString("unit", unit);
                w.WriteNumber("factor", factor);
                w.WriteEndObject();
            }
            else if (reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "unit")
                {
                    unit = reader.GetString();
                }
                else if (name == "factor")
                {
                    factor = reader.GetDecimal();
                }
            }
        }

        w.WriteEndArray();
    }

    private static void WriteMovement(NpgsqlDataReader r, Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("_id", r.GetString(0));
        w.WriteString("facility_id", r.GetString(1));
        w.WriteString("productId", r.GetString(2));
        NullableString(w, "batchNumber", r, 3);
        w.WriteNumber("quantity", r.GetDecimal(4));
        w.WriteString("unit", r.GetString(5));
        w.WriteString("adjustmentType", r.GetString(6).ToUpperInvariant());
        NullableString(w, "reason", r, 7);
        w.WriteString("adjustmentDate", r.GetFieldValue<DateTimeOffset>(8));
        NullableString(w, "vesselCode", r, 9);
        NullableString(w, "lotNumber", r, 10);
        w.WriteNumber("inventoryQuantity", r.GetDecimal(11));
        w.WriteString("source", r.GetString(12).ToUpperInvariant());
        NullableString(w, "jdeLedgerKey", r, 13);
        w.WriteString("createdBy", r.GetString(14));
        w.WriteString("created_at", r.GetFieldValue<DateTimeOffset>(15));
        w.WriteEndObject();
    }

    private static void NullableString(Utf8JsonWriter w, string name, NpgsqlDataReader r, int i)
    {
        if (r.IsDBNull(i))
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, r.GetString(i));
        }
    }

    private static void NullableInt(Utf8JsonWriter w, string name, NpgsqlDataReader r, int i)
    {
        if (r.IsDBNull(i))
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteNumber(name, r.GetInt32(i));
        }
    }
}
