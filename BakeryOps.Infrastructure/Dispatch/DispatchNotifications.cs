namespace BakeryOps.Infrastructure.Dispatch;

/// <summary>In-process news that a facility's postings changed (planned, reviewed, sent, confirmed), for live pages.</summary>
public sealed class DispatchNotifications
{
    public event Action<string>? Changed;

    public void Publish(string facilityId) => Changed?.Invoke(facilityId);
}
