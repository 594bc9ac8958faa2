namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// In-process news that a saved pivot view was created, changed or deleted (its id), after the change committed, so
/// open pivot pages can reload their list of views.
/// </summary>
public sealed class SavedPivotViewNotifications
{
    public event Action<string>? Changed;

    public void Publish(string viewId) => Changed?.Invoke(viewId);
}
