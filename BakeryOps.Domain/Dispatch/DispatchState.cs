namespace BakeryOps.Domain.Dispatch;

/// <summary>
/// Where a bakery → JD Edwards posting stands. Pending → Approved → Sending → Posted → Confirmed is the way forward;
/// Failed waits for a person (a business error, or transient errors past the retry limit); Rejected is final.
/// </summary>
public enum DispatchState
{
    /// <summary>Made from a movement, waiting for review (or for its second approver).</summary>
    Pending,

    /// <summary>Approved; the relay or a dispatch call posts it.</summary>
    Approved,

    /// <summary>Claimed and being posted, or posted with an outcome nobody knows yet (read back before any re-post).</summary>
    Sending,

    /// <summary>JD Edwards answered with a document number.</summary>
    Posted,

    /// <summary>The cardex sync saw the posting come back in JD Edwards' ledger.</summary>
    Confirmed,

    /// <summary>JD Edwards refused it, or transient errors went past the retry limit: a person retries or rejects it.</summary>
    Failed,

    /// <summary>A reviewer decided it is not posted.</summary>
    Rejected,
}

public static class DispatchStates
{
    /// <summary>The state's name in the API, the lake and the pages (lower case).</summary>
    public static string Name(this DispatchState state) => state.ToString().ToLowerInvariant();

    public static bool TryParse(string? value, out DispatchState state) =>
        Enum.TryParse(value?.Trim(), ignoreCase: true, out state) && Enum.IsDefined(state) && !int.TryParse(value, out _);

    /// <summary>States a reviewer may still change (edit, approve, reject).</summary>
    public static bool IsReviewable(this DispatchState state) => state is DispatchState.Pending or DispatchState.Failed;
}
