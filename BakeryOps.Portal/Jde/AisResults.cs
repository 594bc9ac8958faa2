using System.Globalization;
using System.Text.Json.Nodes;

namespace BakeryOps.Portal.Jde;

/// <summary>AIS-shaped error responses (ServiceErrorResponse), as the simulator must send them.</summary>
internal static class AisResults
{
    public const int InvalidTokenStatus = 444;

    public static IResult Error(int status, string message, TimeProvider clock) => Results.Json(new JsonObject
    {
        ["message"] = message,
        ["exception"] = "Exception",
        ["timeStamp"] = clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
        ["status"] = "ERROR",
    }, statusCode: status);

    public static IResult InvalidToken(TimeProvider clock) =>
        Error(InvalidTokenStatus, "The token is invalid or has expired; request a new token.", clock);
}
