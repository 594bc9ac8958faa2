namespace BakeryOps.Portal.Lake;

/// <summary>Refused keys are logged by reason only: a probing request's key is attacker-chosen text.</summary>
internal static partial class LakeEndpointLog
{
    public const string Category = "BakeryOps.Portal.Lake.LakeFileEndpoints";

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "{Endpoint} refused a key: {Reason}")]
    public static partial void KeyRefused(ILogger logger, string endpoint, string reason);
}
