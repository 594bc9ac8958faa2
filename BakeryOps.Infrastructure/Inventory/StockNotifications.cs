using Microsoft.Extensions.Logging;

namespace BakeryOps.Infrastructure.Inventory;

/// <summary>
/// Tells the open pages of this process that a facility's stock changed (movements committed), so comparisons update
/// over their circuit instead of polling. Published after the commit; a subscriber that throws is logged and does not
/// stop the others or the write.
/// </summary>
public sealed partial class StockNotifications(ILogger<StockNotifications> logger)
{
    public event Action<string>? StockChanged;

    public void Publish(string facilityId)
    {
        if (StockChanged is not { } handlers)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<string>>())
        {
            try
            {
                handler(facilityId);
            }
            catch (Exception ex)
            {
                LogSubscriberFailed(ex, facilityId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber to stock changes of {FacilityId} failed")]
    private partial void LogSubscriberFailed(Exception exception, string facilityId);
}
