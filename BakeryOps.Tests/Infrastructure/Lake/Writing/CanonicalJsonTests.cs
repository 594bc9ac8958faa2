using System.Text.Json;
using BakeryOps.Infrastructure.Lake.Writing;

namespace BakeryOps.Tests.Infrastructure.Lake.Writing;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Serialize_WhenTheValueIsAnEmptyObjectOrList_ThenBracesOrBrackets()
    {
        CanonicalJson.Serialize(new Dictionary<string, object?>()).Should().Be("{}");
        CanonicalJson.Serialize(JsonDocument.Parse("{}").RootElement).Should().Be("{}");
        CanonicalJson.Serialize(new List<int>()).Should().Be("[]");
    }

    [Fact]
    public void Serialize_WhenMembersComeInAnotherOrder_ThenTheTextIsTheSame()
    {
        var a = new Dictionary<string, object?> { ["b"] = 1, ["a"] = new Dictionary<string, object?> { ["y"] = true, ["x"] = null } };
        var b = JsonDocument.Parse("""{ "a": { "x": null, "y": true }, "b": 1.0 }""").RootElement;

        CanonicalJson.Serialize(a).Should().Be("""{"a":{"x":null,"y":true},"b":1}""");
        CanonicalJson.Serialize(b).Should().Be(CanonicalJson.Serialize(a));
    }

    [Fact]
    public void Serialize_WhenValuesAreDecimalsDatesAndInstants_ThenOneFormEach()
    {
        var value = new Dictionary<string, object?>
        {
            ["d"] = 1.500m,
            ["n"] = -0.000100m,
            ["on"] = new DateOnly(2026, 11, 26),
            ["at"] = new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.FromHours(2)),
            ["nan"] = double.NaN,
            ["text"] = "é\"\n",
        };

        CanonicalJson.Serialize(value).Should().Be("""{"at":"2026-11-26T06:00:00.0000000Z","d":1.5,"n":-0.0001,"nan":"NaN","on":"2026-11-26","text":"\u00E9\u0022\n"}""");
    }
}
