using System.Collections.Concurrent;
using System.Security.Claims;
using BakeryOps.Infrastructure.Identity.ServiceAccounts;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Identity;

/// <summary>
/// Refuses the bearer token of a deleted service account at its next call, and records the account's use. What this node
/// knows of an account is kept for <see cref="ServiceAccountOptions.TokenCheckInterval"/>; a change made on this node
/// is forgotten at once (<see cref="ServiceAccountNotifications"/>), so the interval bounds only other nodes' delay.
/// </summary>
public sealed class ServiceAccountTokenCheck : ITokenPrincipalCheck, IDisposable
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

    /// <summary>Runs beside the user check (<see cref="TokenPrincipalValidation"/>); a token without a client id is not this check's.</summary>
    public async ValueTask<string?> RejectAsync(ClaimsPrincipal principal, HttpContext context, CancellationToken cancellationToken)
    {
        var clientId = principal.FindFirst(ClaimNames.ClientId)?.Value;
        if (clientId is null)
        {
            return null;
        }

        if (!await ExistsAsync(clientId, cancellationToken))
        {
            return "the service account of this token was deleted";
        }

        await _accounts.MarkUsedAsync(clientId, context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        return null;
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
        services.AddSingleton<ITokenPrincipalCheck>(sp => sp.GetRequiredService<ServiceAccountTokenCheck>());
        return services;
    }
}
