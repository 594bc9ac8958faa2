namespace BakeryOps.Infrastructure.Identity.Tokens;

/// <summary>
/// Told when an account's tokens were revoked on this node (lock, role change, password reset, delete), so the
/// caches of this process drop what they hold for it at once; other nodes see it when their cache runs out.
/// </summary>
public sealed class UserRevocations
{
    public event Action<string>? Revoked;

    public void Publish(string userId) => Revoked?.Invoke(userId);
}
