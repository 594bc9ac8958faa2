using System.Reflection;
using System.Security.Claims;
using System.Net;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Portal.Audit;
using BakeryOps.Portal.Components.Shared;
using BakeryOps.Portal.Identity;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>
/// bUnit as the portal runs its pages: MudBlazor's services, loose JS interop (MudBlazor's calls need no answer here),
/// a clock, and the circuit's <see cref="TimeDisplay"/> over the site's settings (UTC unless a test registers other
/// <see cref="SiteOptions"/>). Tests add their services, sign in with <see cref="SignIn"/>, and call <see cref="StartCircuit"/> for
/// pages that need an interactive renderer or MudBlazor's popovers, dialogs and snackbars.
/// </summary>
public class PortalTestContext : BunitContext
{
    // Pages load off the renderer (databases, password hashing); bUnit's 1 s default is too short on a loaded machine.
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static readonly string[] PolicyNames =
    [
        .. typeof(Policies).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!),
    ];

    public PortalTestContext(TimeProvider? clock = null)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
            // Pages that open no popover need no provider; StartCircuit adds one for those that do.
            o.PopoverOptions.CheckForPopoverProvider = false;
        });
        Services.AddSingleton(clock ?? TimeProvider.System);
        // Every page shows its instants through it; a later registration of the site's options replaces these.
        Services.AddSingleton(Options.Create(new SiteOptions()));
        Services.AddScoped<TimeDisplay>();
        // Pages that audit what a person does; the address is the test's loopback one.
        Services.AddSingleton<IHttpContextAccessor>(new FixedHttpContext(new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Loopback } }));
        Services.AddScoped<CircuitAddress>();
        Services.AddScoped<PageAudit>();
    }

    public IRenderedComponent<MudPopoverProvider> Popovers { get; private set; } = null!;
    public IRenderedComponent<MudDialogProvider> Dialogs { get; private set; } = null!;
    public IRenderedComponent<MudSnackbarProvider> Snackbars { get; private set; } = null!;

    /// <summary>Signs in a user with these roles, who passes the portal's policies that these roles pass in the portal.</summary>
    public void SignIn(string userName, params string[] roles)
    {
        var authorization = this.AddAuthorization();
        authorization.SetAuthorized(userName);
        authorization.SetRoles(roles);
        authorization.SetPolicies(PoliciesOf(roles));
    }

    /// <summary>
    /// Makes the renderer interactive, as the portal's server circuit is (the pages render their controls only then),
    /// and renders MudBlazor's popover, dialog and snackbar providers. The renderer fixes the services: add them first.
    /// </summary>
    public void StartCircuit()
    {
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Popovers = Render<MudPopoverProvider>();
        Dialogs = Render<MudDialogProvider>();
        Snackbars = Render<MudSnackbarProvider>();
    }

    /// <summary>Opens a MudSelect (its input carries the id) and picks the item with this text.</summary>
    public async Task SelectAsync(IRenderedComponent<IComponent> cut, string inputSelector, string itemText)
    {
        await cut.Find(inputSelector).Closest(".mud-input-control")!.MouseDownAsync(new MouseEventArgs());
        await ClickListItemAsync(itemText);
    }

    /// <summary>Clicks an item of the open select or autocomplete list, which renders in the popover provider.</summary>
    public async Task ClickListItemAsync(string itemText)
    {
        Popovers.WaitForAssertion(() => Popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim()).Should().Contain(itemText), Wait);
        await Popovers.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == itemText).ClickAsync(new MouseEventArgs());
    }

    /// <summary>The text of the input's MudBlazor control, which holds the field's label, helper and error text.</summary>
    public static string FieldText(IRenderedComponent<IComponent> cut, string inputSelector) =>
        cut.Find(inputSelector).Closest(".mud-input-control")!.TextContent;

    // HttpContextAccessor keeps its context in an AsyncLocal, which the renderer's thread would not see.
    private sealed class FixedHttpContext(HttpContext context) : IHttpContextAccessor
    {
        public HttpContext? HttpContext { get; set; } = context;
    }

    // The portal's own policy definitions decide, so a test cannot grant a role more, or less, than the portal does.
    private static string[] PoliciesOf(string[] roles)
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddAuthorizationBuilder().AddPortalPolicies(isDevelopment: false).Services
            .BuildServiceProvider();
        var authorization = services.GetRequiredService<IAuthorizationService>();
        var user = new ClaimsPrincipal(new ClaimsIdentity(roles.Select(r => new Claim(ClaimTypes.Role, r)), "test"));
        // Role requirements complete synchronously; the callers are constructors.
        return [.. PolicyNames.Where(p => authorization.AuthorizeAsync(user, p).GetAwaiter().GetResult().Succeeded)];
    }
}
