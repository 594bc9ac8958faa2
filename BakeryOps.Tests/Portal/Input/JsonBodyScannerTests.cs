using System.Text;
using BakeryOps.Portal.Input;

namespace BakeryOps.Tests.Portal.Input;

public sealed class JsonBodyScannerTests
{
    [Theory]
    [InlineData("""{"productName":"a\u0000b"}""", "productName")]
    [InlineData("""{"jde":{"shortItemNumber":1,"secondItemNumber":"x\u0001"}}""", "jde.secondItemNumber")]
    [InlineData("""{"unitConversions":[{"unit":"KG","factor":1},{"unit":"\u0002"}]}""", "unitConversions[1].unit")]
    [InlineData("""[{"lotNumber":"ok"},{"lotNumber":"L\u0000"}]""", "[1].lotNumber")]
    [InlineData("""{"GridData":[{"Item_Number":"B_FLOUR","LOTN":"\u001b"}]}""", "GridData[0].LOTN")]
    [InlineData("""{"a":[[1,2],["x","y\u0000"]]}""", "a[1][1]")]
    [InlineData("\"\\u0000\"", "body")]
    [InlineData("""{"after":{"x":1},"b":"\u0000"}""", "b")]
    public void Scan_WhenAStringBreaksTheRule_ThenTheFieldIsNamedByItsPath(string json, string field) =>
        JsonBodyScanner.Scan(Encoding.UTF8.GetBytes(json))!.Field.Should().Be(field);

    [Fact]
    public void Scan_WhenDelOrAC1ControlIsWrittenUnescaped_ThenFound()
    {
        JsonBodyScanner.Scan(Encoding.UTF8.GetBytes("{\"reason\":\"x\u007f\"}"))!.Field.Should().Be("reason");
        JsonBodyScanner.Scan(Encoding.UTF8.GetBytes("{\"reason\":\"x\u0085\"}"))!.Message.Should().Contain("U+0085");
    }

    [Fact]
    public void Scan_WhenTheBytesAreNotUtf8_ThenNotValidUnicode()
    {
        byte[] json = [.. "{\"productName\":\""u8, 0xFF, 0xFE, .. "\"}"u8];

        var problem = JsonBodyScanner.Scan(json);

        problem.Should().NotBeNull();
        problem!.Field.Should().Be("productName");
        problem.Message.Should().Contain("not valid Unicode");
    }

    [Theory]
    [InlineData("""{"productName":"Flour T55","description":"Tab\there\r\nand there","quantity":12.5,"archived":false,"x":null}""")]
    [InlineData("""{"name":"Crème brûlée 🍰"}""")]
    [InlineData("""{"a":""")]
    [InlineData("not json")]
    [InlineData("")]
    public void Scan_WhenTheTextIsAllowedOrTheBodyIsNotJson_ThenNothing(string json) =>
        JsonBodyScanner.Scan(Encoding.UTF8.GetBytes(json)).Should().BeNull();
}
