using System.Reflection;
using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Portal.Components.Shared;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>
/// The pages' shared error handling, through a page that runs whatever action a test gives it on a button click, as a
/// page's event handler would; and the zone it shows instants in, which follows the user's switch while it is open.
/// </summary>
public sealed class PortalPageTests : IAsyncDisposable
{
    private readonly FakeLogCollector _logs = new();
    private readonly LoggerFactory _loggers;
    private readonly PortalTestContext _ctx = new();

    public PortalPageTests()
    {
        _loggers = new LoggerFactory([new FakeLoggerProvider(_logs)]);
        _ctx.Services.AddSingleton<ILoggerFactory>(_loggers);
        _ctx.Services.AddSingleton(Options.Create(new SiteOptions { TimeZone = "Europe/Paris" }));
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        _loggers.Dispose();
    }

    [Fact]
    public async Task RunAsync_WhenTheDomainRefusesTheAction_ThenItsMessageIsShownAndNothingIsLogged()
    {
        var cut = Render(_ => throw new NotFoundException("There is no product 'P-1'."));

        await cut.Find("#probe-run").ClickAsync(new MouseEventArgs());

        cut.Find("#probe-error").TextContent.Should().Be("There is no product 'P-1'.");
        PageLogs().Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_WhenThePageExpectsTheFailure_ThenThePagesOwnMessageIsShown()
    {
        var cut = Render(_ => throw new TimeoutException("slow"));

        await cut.Find("#probe-run").ClickAsync(new MouseEventArgs());

        cut.Find("#probe-error").TextContent.Should().Be("The probe gave up waiting.");
        PageLogs().Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_WhenTheFailureIsUnexpected_ThenTheTryAgainMessageIsShownAndTheExceptionIsLogged()
    {
        var failure = new InvalidOperationException("connection refused");
        var cut = Render(_ => throw failure);

        await cut.Find("#probe-run").ClickAsync(new MouseEventArgs());

        cut.Find("#probe-error").TextContent.Should()
            .Be("The probe store did not answer; try again in a moment. The details are in the portal log.");
        var record = PageLogs().Should().ContainSingle().Subject;
        record.Level.Should().Be(LogLevel.Warning);
        record.Exception.Should().BeSameAs(failure);
        record.GetStructuredStateValue("Page").Should().Be("Probe");
    }

    [Fact]
    public async Task RunAsync_WhenTheActionIsCancelled_ThenNothingIsShownOrLogged()
    {
        var cut = Render(_ => throw new OperationCanceledException());

        await cut.Find("#probe-run").ClickAsync(new MouseEventArgs());

        cut.FindAll("#probe-error").Should().BeEmpty();
        PageLogs().Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_WhenAnActionSucceedsAfterAFailure_ThenTheMessageIsCleared()
    {
        var fail = true;
        var cut = Render(_ => fail ? throw new ConflictException("Someone else saved first.") : Task.CompletedTask);
        await cut.Find("#probe-run").ClickAsync(new MouseEventArgs());
        cut.Find("#probe-error").TextContent.Should().Be("Someone else saved first.");
        fail = false;

        await cut.Find("#probe-run").ClickAsync(new MouseEventArgs());

        cut.FindAll("#probe-error").Should().BeEmpty();
    }

    [Fact]
    public async Task LoadAsync_WhenTheLoadFails_ThenTheFallbackIsReturnedAndAnEarlierMessageIsReplaced()
    {
        var cut = Render(_ => throw new NotFoundException("There is no facility 'x'."));
        await cut.Find("#probe-run").ClickAsync(new MouseEventArgs());

        var loaded = await cut.InvokeAsync(() => cut.Instance.LoadForTestAsync(() => throw new RequestValidationException(
            new Dictionary<string, string[]> { ["size"] = ["The size must be between 1 and 500."] }), -1));

        loaded.Should().Be(-1);
        cut.Find("#probe-error").TextContent.Should().Contain("The size must be between 1 and 500.");
    }

    [Fact]
    public async Task LoadAsync_WhenTheLoadSucceeds_ThenItsResultIsReturnedAndAnEarlierMessageStays()
    {
        var cut = Render(_ => throw new NotFoundException("There is no facility 'x'."));
        await cut.Find("#probe-run").ClickAsync(new MouseEventArgs());

        var loaded = await cut.InvokeAsync(() => cut.Instance.LoadForTestAsync(() => Task.FromResult(42), -1));

        loaded.Should().Be(42);
        cut.Find("#probe-error").TextContent.Should().Be("There is no facility 'x'.");
    }

    [Fact]
    public async Task Dispose_WhenThePageGoesAway_ThenTheTokenGivenToItsWorkIsCancelled()
    {
        var started = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cut = Render(async token =>
        {
            started.SetResult(token);
            await Task.Delay(Timeout.Infinite, token);
        });
        var running = cut.Find("#probe-run").ClickAsync(new MouseEventArgs());
        var token = await started.Task.WaitAsync(PortalTestContext.Wait);
        token.IsCancellationRequested.Should().BeFalse();

        await _ctx.DisposeComponentsAsync();

        token.IsCancellationRequested.Should().BeTrue();
        await running.WaitAsync(PortalTestContext.Wait);
        PageLogs().Should().BeEmpty();
    }

    [Fact]
    public async Task ShownZone_WhenTheUserSwitchesToUtc_ThenThePageRendersInUtcAndReloadsWhatDependsOnTheZone()
    {
        var reloads = 0;
        var cut = Render(_ => Task.CompletedTask, () => Task.FromResult(++reloads));
        cut.Find("#probe-zone").TextContent.Should().Be("Europe/Paris");

        await cut.InvokeAsync(() => _ctx.Services.GetRequiredService<TimeDisplay>().Utc = true);

        cut.WaitForAssertion(() => cut.Find("#probe-zone").TextContent.Should().Be("UTC"), PortalTestContext.Wait);
        reloads.Should().Be(1);
    }

    [Fact]
    public async Task ShownZone_WhenThePagesReloadFails_ThenTheTryAgainMessageIsShownAndLogged()
    {
        var cut = Render(_ => Task.CompletedTask, () => throw new InvalidOperationException("store down"));

        await cut.InvokeAsync(() => _ctx.Services.GetRequiredService<TimeDisplay>().Utc = true);

        cut.WaitForAssertion(() => cut.Find("#probe-error").TextContent.Should().StartWith("The probe store did not answer"), PortalTestContext.Wait);
        cut.Find("#probe-zone").TextContent.Should().Be("UTC");
        PageLogs().Should().ContainSingle().Which.Exception.Should().BeOfType<InvalidOperationException>();
    }

    [Fact]
    public async Task ShownZone_WhenThePageHasGoneAway_ThenItNoLongerFollowsTheSwitch()
    {
        var reloads = 0;
        Render(_ => Task.CompletedTask, () => Task.FromResult(++reloads));
        var display = _ctx.Services.GetRequiredService<TimeDisplay>();

        Subscribers(display).Should().Be(1);

        await _ctx.DisposeComponentsAsync();
        display.Utc = true;
        display.Utc = false;

        reloads.Should().Be(0);
        PageLogs().Should().BeEmpty();
        // The display lives as long as the circuit: a page still subscribed would stay in memory until the user leaves.
        Subscribers(display).Should().Be(0);
    }

    private static int Subscribers(TimeDisplay display) =>
        (typeof(TimeDisplay).GetField(nameof(TimeDisplay.Changed), BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(display) as Delegate)
        ?.GetInvocationList().Length ?? 0;

    // The renderer logs to the same factory; the page logs under its own type, named as for an ILogger<ProbePage>.
    private List<FakeLogRecord> PageLogs() =>
        [.. _logs.GetSnapshot().Where(r => r.Category == typeof(ProbePage).FullName!.Replace('+', '.'))];

    private IRenderedComponent<ProbePage> Render(Func<CancellationToken, Task> action, Func<Task>? zoneChanged = null) =>
        _ctx.Render<ProbePage>(p => p.Add(c => c.Action, action).Add(c => c.ZoneChanged, zoneChanged ?? (() => Task.CompletedTask)));

    /// <summary>A page with one button that runs <see cref="Action"/> and the page's message under it.</summary>
    private sealed class ProbePage : PortalPage
    {
        [Parameter]
        public Func<CancellationToken, Task> Action { get; set; } = _ => Task.CompletedTask;

        [Parameter]
        public Func<Task> ZoneChanged { get; set; } = () => Task.CompletedTask;

        protected override string PageName => "Probe";

        protected override string Dependencies => "The probe store";

        public Task<T> LoadForTestAsync<T>(Func<Task<T>> load, T fallback) => LoadAsync(load, fallback);

        protected override string? ExpectedFailureMessage(Exception exception) =>
            exception is TimeoutException ? "The probe gave up waiting." : base.ExpectedFailureMessage(exception);

        protected override Task OnShownZoneChangedAsync() => ZoneChanged();

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "id", "probe-run");
            builder.AddAttribute(2, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, () => RunAsync(() => Action(Cancellation))));
            builder.CloseElement();
            builder.OpenElement(3, "span");
            builder.AddAttribute(4, "id", "probe-zone");
            builder.AddContent(5, Dates.ZoneId);
            builder.CloseElement();
            if (Error is not null)
            {
                builder.OpenElement(6, "p");
                builder.AddAttribute(7, "id", "probe-error");
                builder.AddContent(8, Error);
                builder.CloseElement();
            }
        }
    }
}
