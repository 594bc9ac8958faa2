using System.Reflection;
using System.Security.Claims;
using BakeryOps.Infrastructure.Identity.Tokens;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Portal.Identity;
using BakeryOps.Tests.Infrastructure.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BakeryOps.Tests.Portal.Identity;

/// <summary>The circuit's periodic check of the signed-in user, on the way down as the portal stops.</summary>
[Trait("Category", "Sqlite")]
public sealed class PortalAuthenticationStateProviderTests
{
    [Fact]
    public async Task Validate_WhenThePortalStopsAndItsServicesAreDisposed_ThenTheStateIsKeptWithoutAnError()
    {
        var lifetime = new StoppableLifetime();
        var (provider, user) = await ProviderOverDisposedServicesAsync(lifetime);
        lifetime.Stop();

        (await ValidateAsync(provider, user)).Should().BeTrue();
    }

    [Fact]
    public async Task Validate_WhenTheServicesAreDisposedButThePortalIsNotStopping_ThenTheFailureIsNotHidden()
    {
        var (provider, user) = await ProviderOverDisposedServicesAsync(new StoppableLifetime());

        var validate = () => ValidateAsync(provider, user);

        await validate.Should().ThrowAsync<ObjectDisposedException>();
    }

    private static async Task<(PortalAuthenticationStateProvider Provider, ClaimsPrincipal User)> ProviderOverDisposedServicesAsync(
        IHostApplicationLifetime lifetime)
    {
        var services = await IdentityTestServices.CreateAsync();
        var stored = await services.AddUserAsync("baker");
        var stamps = new UserStampCheck(
            services.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>(),
            new TokenLifetimes(TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromSeconds(30)),
            TimeProvider.System,
            services.Services.GetRequiredService<UserRevocations>());
        var identity = new IdentityOptions();
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(identity.ClaimsIdentity.UserIdClaimType, stored.Id),
                new Claim(identity.ClaimsIdentity.SecurityStampClaimType, stored.SecurityStamp!),
            ],
            "test"));
        var provider = new PortalAuthenticationStateProvider(
            NullLoggerFactory.Instance, stamps, Options.Create(identity), Options.Create(new JwtOptions()), lifetime);
        await services.DisposeAsync();
        return (provider, user);
    }

    // The check is the base class's protected hook, called by its own timer loop.
    private static Task<bool> ValidateAsync(PortalAuthenticationStateProvider provider, ClaimsPrincipal user) =>
        (Task<bool>)typeof(PortalAuthenticationStateProvider)
            .GetMethod("ValidateAuthenticationStateAsync", BindingFlags.Instance | BindingFlags.NonPublic)!
            .Invoke(provider, [new AuthenticationState(user), CancellationToken.None])!;

    private sealed class StoppableLifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void Stop() => _stopping.Cancel();

        public void StopApplication() => _stopping.Cancel();
    }
}
