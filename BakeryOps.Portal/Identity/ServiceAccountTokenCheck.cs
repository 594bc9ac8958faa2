using System.Collections.Concurrent;
using BakeryOps.Infrastructure.Identity.ServiceAccounts;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Identity;

/// <summary>
/// Refuses the bearer token of a deleted service account at its next call, and records the account's use. What this node
/// knows of an account is kept for <see cref="ServiceAccountOptions.TokenCheckInterval"/>; a change made on this node
/// is forgotten at once (<see cref="ServiceAccountNotifications"/>), so the interval bounds only other nodes' delay.
/// </summary>
public sealed class ServiceAccountTokenCheck : IDisposable
{
    private readonly ConcurrentDictionary<string, (bool Exists, DateTimeOffset CheckedAt)> _known = new(StringComparer.Ordinal);
    private readonly ServiceAccountService _accounts;
    private readonly ServiceAccountNotifications _notifications;
    private readonly IOptions<ServiceAccountOptions> _options;
    private readonly TimeProvider _clock;

    public ServiceAccountTokenCheck(
        ServiceAccountService accounts, ServiceAccountNotifications notifications, IOptions<ServiceAccountOptions> options, TimeProvider clock)
    {
        (_accounts, _notifications, _options, _clock) = (accounts, notifications, options, clock);
        _notifications.Changed += Forget;
    }

    /// <summary>Chained into the bearer handler's <c>OnTokenValidated</c>; a token without a client id is not this check's.</summary>
    public async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var clientId = context.Principal?.FindFirst(ClaimNames.ClientId)?.Value;
        if (clientId is null)
        {
            return;
        }

        var cancellationToken = context.HttpContext.RequestAborted;
        if (!await ExistsAsync(clientId, cancellationToken))
        {
            context.Fail("The service account of this token was deleted.");
            return;
        }

        await _accounts.MarkUsedAsync(clientId, context.HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
    }

    public async Task<bool> ExistsAsync(string clientId, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        if (_known.TryGetValue(clientId, out var known) && now - known.CheckedAt < _options.Value.TokenCheckInterval)
        {
            return known.Exists;
        }

        var exists = await _accounts.FindAsync(clientId, cancellationToken) is not null;
        _known[clientId] = (exists, now);
        return exists;
    }

    public void Dispose() => _notifications.Changed -= Forget;

    private void Forget(string clientId) => _known.TryRemove(clientId, out _);
}

public static class ServiceAccountTokenCheckSetup
{
    /// <summary>Runs the check after the portal's own bearer tokens validate, after whatever else validates them.</summary>
    public static IServiceCollection AddServiceAccountTokenCheck(this IServiceCollection services)
    {
        services.AddSingleton<ServiceAccountTokenCheck>();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .PostConfigure<ServiceAccountTokenCheck>((o, check) =>
            {
                var earlier = o.Events.OnTokenValidated;
                o.Events.OnTokenValidated = async context =>
                {
                    await earlier(context);
                    if (context.Result is null)
                    {
                        await check.OnTokenValidatedAsync(context);
                    }
                };
            });
        return services;
    }
}
