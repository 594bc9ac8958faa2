namespace BakeryOps.Infrastructure.Identity.ServiceAccounts;

/// <summary>
/// In-process news that a service account was created, rotated or deleted (its client id), after the change committed:
/// open Admin pages reload their list, and the bearer check forgets what it knew of the account.
/// </summary>
public sealed class ServiceAccountNotifications
{
    public event Action<string>? Changed;

    public void Publish(string clientId) => Changed?.Invoke(clientId);
}
