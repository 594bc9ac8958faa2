using System.Net;
using System.Text;
using BakeryOps.Infrastructure.Jde.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace BakeryOps.Tests.Infrastructure.Jde.Client;

/// <summary>
/// How the client reads a post's answer when its output mapping differs from the simulator's (the real orchestration's
/// mapping is an open question, jde-ais.md §7): answers the simulator never gives, so a fixed response stands in for AIS.
/// </summary>
public sealed class JdeAdjustmentReceiptTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    [Fact]
    public async Task PostAdjustment_WhenJdeAnswersSuccessWithoutADocumentNumber_ThenOutcomeUnknownNotAPlainFailure()
    {
        using var client = Client("""{"jde__status":"SUCCESS","jde__simpleMessage":"done","ServiceRequest1":{}}""", out var handler);

        var post = () => client.PostAdjustmentAsync(new JdeAdjustmentPosting(
            "1110", "IA", "BO:test", Today, Today, [new JdeAdjustmentPostingLine("B_FLOUR_T55", 1m, "KG")]));

        var error = (await post.Should().ThrowAsync<JdeException>()).Which;
        error.OutcomeUnknown.Should().BeTrue();
        error.Transient.Should().BeFalse();
        error.Message.Should().Contain("Read it back");
        handler.Requests.Should().Be(1);
    }

    [Fact]
    public async Task PostAdjustment_WhenJdeAnswersTheMappedOutputs_ThenTheReceiptCarriesTheDocument()
    {
        using var client = Client("""{"Document_Number":"5012346","Document_Type":" II ","Document_Company":"00001","jde__status":"SUCCESS"}""", out _);

        var receipt = await client.PostAdjustmentAsync(new JdeAdjustmentPosting(
            "1110", "II", "BO:test", Today, Today, [new JdeAdjustmentPostingLine("B_FLOUR_T55", -1m, "KG")]));

        receipt.Should().Be(new JdeAdjustmentReceipt(5012346, "II", "00001"));
    }

    private static JdeAisClient Client(string json, out FixedAnswer handler)
    {
        handler = new FixedAnswer(json);
        var http = new HttpClient(handler);
        return new JdeAisClient(http, new JdeClientSettings
        {
            BaseUri = new Uri("http://ais.invalid/jderest/"),
            UserName = "BAKERYINT",
            Password = "bakeryint",
        }, TimeProvider.System, NullLogger<JdeAisClient>.Instance);
    }

    private sealed class FixedAnswer(string json) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }
    }
}
