using BakeryOps.Infrastructure.Jde.Client;

namespace BakeryOps.Tests.Infrastructure.Jde.Client;

public sealed class AisErrorReaderTests
{
    private const string BusinessError = """
        {
          "message": {
            "ServiceRequest: FR_59_ReceivePurchaseOrder": {
              "App Stack Form Exception": { "Expanded Message": "" },
              "JAS Response": {
                "fs_P4312_W4312F": {
                  "errors": [ { "CODE": "0052", "TITLE": "Error: Business Unit Invalid",
                                "DESC": "CAUSE . . . .  The Business Unit entered does not exist", "MOBILE": "x" } ]
                }
              }
            }
          },
          "exception": "Exception",
          "exceptionId": "9dd5a5b6-69dc-4e11-a7ee-7ce03da55e92",
          "jde__status": "ERROR",
          "jde__simpleMessage": "FR_59_ReceivePurchaseOrder failed: App Stack Exception"
        }
        """;

    [Fact]
    public void FindError_WhenA500CarriesANestedFormError_ThenTheMessageTitleAndExceptionIdAreKept()
    {
        var error = AisErrorReader.FindError(500, "application/json", BusinessError);

        error.Should().NotBeNull();
        error!.Message.Should().Contain("FR_59_ReceivePurchaseOrder failed").And.Contain("Error: Business Unit Invalid: CAUSE The Business Unit entered does not exist");
        error.ExceptionId.Should().Be("9dd5a5b6-69dc-4e11-a7ee-7ce03da55e92");
        error.Transient.Should().BeFalse();
        error.StatusCode.Should().Be(500);
    }

    [Fact]
    public void FindError_WhenA200SaysJdeStatusError_ThenItIsAFailureAllTheSame()
    {
        var error = AisErrorReader.FindError(200, "application/json", """{"jde__status":"ERROR","message":"Item not stocked"}""");

        error!.Message.Should().Be("Item not stocked");
    }

    [Theory]
    [InlineData(200, """{"jde__status":"SUCCESS","Document_Number":5012346}""")]
    [InlineData(200, """{"ServiceRequest1":{}}""")]
    public void FindError_WhenTheCallSucceeded_ThenNull(int status, string body) =>
        AisErrorReader.FindError(status, "application/json", body).Should().BeNull();

    [Theory]
    [InlineData(500, "text/html", "<html><body>Error 500--Internal Server Error</body></html>", true)]
    [InlineData(503, "text/html", "<html>Service Unavailable</html>", true)]
    [InlineData(502, "text/plain", "Bad gateway", true)]
    [InlineData(200, "text/html", "<html>login</html>", false)]
    public void FindError_WhenTheBodyIsNotJson_ThenAFailureMarkedTransientFor5xx(int status, string contentType, string body, bool transient)
    {
        var error = AisErrorReader.FindError(status, contentType, body);

        error.Should().NotBeNull();
        error!.Transient.Should().Be(transient);
    }

    [Theory]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(403, false)]
    [InlineData(444, false)]
    public void FindError_WhenJsonErrorStatus_ThenOnlyGatewayStatusesAreTransient(int status, bool transient)
    {
        var error = AisErrorReader.FindError(status, "application/json", """{"message":"Authorization Failure"}""");

        error!.Transient.Should().Be(transient);
        error.InvalidToken.Should().Be(status == 444);
    }
}
