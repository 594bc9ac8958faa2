using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsvHelper;

namespace BakeryOps.Tests.Portal.Data;

/// <summary>Reads a <c>/data</c> page as JSON rows or as CSV, and holds the CSV to the JSON cell by cell.</summary>
internal static class DataPageReader
{
    public static async Task<(IReadOnlyList<JsonElement> Rows, int Total)> JsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var rows = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        return (rows, Total(response));
    }

    public static async Task<(IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows, int Total, HttpResponseMessage Response)> CsvAsync(
        HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        using var csv = CsvReader.FromText(text, new CsvReaderOptions());
        csv.ReadHeader();
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray());
        }

        return (csv.Headers.ToList(), rows, Total(response), response);
    }

    /// <summary>
    /// The CSV carries the JSON's fields, in the JSON's order, under the same names, with the same values: numbers
    /// with the same digits (decimals exactly), text the same, null as an empty field, instants the same instant.
    /// </summary>
    public static void ShouldEqualJson(IReadOnlyList<string> header, IReadOnlyList<string[]> csvRows, IReadOnlyList<JsonElement> jsonRows)
    {
        csvRows.Should().HaveSameCount(jsonRows);
        for (var r = 0; r < jsonRows.Count; r++)
        {
            var fields = jsonRows[r].EnumerateObject().ToList();
            header.Should().Equal(fields.Select(f => f.Name), "the CSV header is the JSON field names, in order");
            for (var c = 0; c < fields.Count; c++)
            {
                var cell = csvRows[r][c];
                var value = fields[c].Value;
                var because = $"row {r}, {fields[c].Name}";
                switch (value.ValueKind)
                {
                    case JsonValueKind.Null:
                        cell.Should().BeEmpty(because);
                        break;
                    case JsonValueKind.Number:
                        cell.Should().Be(value.GetRawText(), because);
                        decimal.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture).Should().Be(value.GetDecimal(), because);
                        break;
                    case JsonValueKind.True or JsonValueKind.False:
                        cell.Should().Be(value.GetBoolean() ? "true" : "false", because);
                        break;
                    case JsonValueKind.String when value.TryGetDateTimeOffset(out var instant) && value.GetString()!.Contains('T'):
                        DateTimeOffset.Parse(cell, CultureInfo.InvariantCulture).Should().Be(instant, because);
                        break;
                    default:
                        cell.Should().Be(value.GetString(), because);
                        break;
                }
            }
        }
    }

    private static int Total(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture);
}
