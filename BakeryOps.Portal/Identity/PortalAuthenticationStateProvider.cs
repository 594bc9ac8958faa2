using System.Security.Claims;
using BakeryOps.Infrastructure.Identity.Tokens;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Identity;

/// <summary>
/// The portal circuits' authentication state, checked again every <c>Jwt:RevocationCheckSeconds</c> (as the Blazor
/// template's IdentityRevalidatingAuthenticationStateProvider does): a circuit lives on after its cookie was checked,
/// so a user locked, deleted, given other roles or with a reset password is signed out of the open page, which then
/// goes to the login page (<c>RedirectToLogin</c>). While the portal stops, a check that finds the services already
/// disposed keeps the state: the circuit ends with the process, and signing it out would only log errors.
/// </summary>
public sealed class PortalAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    UserStampCheck stamps,
    IOptions<IdentityOptions> identity,
    IOptions<JwtOptions> jwt,
    IHostApplicationLifetime lifetime)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(jwt.Value.RevocationCheckSeconds);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        var claims = identity.Value.ClaimsIdentity;
        var userId = user.FindFirstValue(claims.UserIdClaimType);
        var stamp = user.FindFirstValue(claims.SecurityStampClaimType);
        try
        {
            // Read now rather than from the bearer cache: the interval already spaces the reads out.
            return userId is not null && await stamps.IsCurrentAsync(userId, UserStampCheck.HashStamp(stamp), cached: false, cancellationToken);
        }
        catch (ObjectDisposedException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return true;
        }
    }
}
