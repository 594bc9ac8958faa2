using System.Diagnostics;
using System.Text.Json;
using BakeryOps.Domain.Dispatch;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Dispatch;

/// <summary>
/// Sends one posting at a time, exactly once in effect: it claims the row with a conditional update (only one node or
/// call wins it), posts, and records the outcome and the attempt in one transaction, naming the stamp it claimed with,
/// so a holder whose claim was taken over cannot record over the new holder. A lost answer is not posted again until
/// JD Edwards' ledger has been read for the posting's key.
/// </summary>
public sealed partial class DispatchSender(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    JdeAisClient jde,
    IOptions<DispatchOptions> options,
    IOptions<JdeOptions> jdeOptions,
    TimeProvider clock,
    ILogger<DispatchSender> logger)
{
    /// <summary>Claims an approved posting that is due and posts it; null when another node or call has it.</summary>
    public async Task<JdeDispatch?> SendAsync(Guid id, string by, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stamp = Guid.NewGuid();
        var until = now + options.Value.ClaimTimeout;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var claimed = await db.JdeDispatches
                .Where(d => d.Id == id && d.State == DispatchState.Approved && (d.NextAttemptAt == null || d.NextAttemptAt <= now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.State, DispatchState.Sending)
                    .SetProperty(d => d.Stamp, stamp)
                    .SetProperty(d => d.ClaimedUntil, until)
                    .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                    .SetProperty(d => d.UpdatedAt, now), cancellationToken);
            if (claimed == 0)
            {
                return null;
            }
        }

        var dispatch = await LoadAsync(id, cancellationToken);
        var request = JsonSerializer.Serialize(DispatchPayloads.ToPayload(dispatch, jde.FormatDate));
        var started = clock.GetUtcNow();
        using var activity = BakeryOpsTelemetry.Source.StartActivity("dispatch post");
        activity?.SetTag("bakeryops.dispatch.key", dispatch.Key);
        activity?.SetTag("bakeryops.facility_id", dispatch.FacilityId);
        activity?.SetTag("bakeryops.dispatch.attempt", dispatch.Attempts);
        try
        {
            var receipt = await jde.PostAdjustmentAsync(DispatchPayloads.ToPosting(dispatch), cancellationToken);
            return await RecordAsync(dispatch, stamp, "post", request, started, by, d =>
            {
                d.State = DispatchState.Posted;
                d.DocumentNumber = receipt.DocumentNumber;
                d.DocumentCompany = receipt.DocumentCompany;
                d.PostedAt = clock.GetUtcNow();
                d.OutcomeUnknown = false;
                d.LastError = null;
                return ("posted", receipt.DocumentNumber, null, 200);
            });
        }
        catch (JdeException ex)
        {
            activity.Failed(ex);
            return await RecordFailureAsync(dispatch, stamp, request, started, by, ex.Message, ex.StatusCode, ex.OutcomeUnknown, ex.Transient);
        }
        catch (OperationCanceledException ex)
        {
            activity.Failed(ex);
            // Stopped while the post was out: JD Edwards may have it. Recorded whatever the caller's token says.
            await RecordFailureAsync(dispatch, stamp, request, started, by, "The post was interrupted: " + ex.Message, null, outcomeUnknown: true, transient: false);
            throw;
        }
    }

    /// <summary>
    /// Reads JD Edwards' ledger for a posting whose outcome is unknown (a lost answer, or a claim that expired with its
    /// holder gone): found, it is posted; not found, it is approved again to be sent. Null when another node has it.
    /// </summary>
    public async Task<JdeDispatch?> ResolveAsync(Guid id, string by, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stamp = Guid.NewGuid();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var claimed = await db.JdeDispatches
                .Where(d => d.Id == id && d.State == DispatchState.Sending && d.ClaimedUntil <= now)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Stamp, stamp)
                    .SetProperty(d => d.OutcomeUnknown, true)
                    .SetProperty(d => d.ClaimedUntil, now + options.Value.ClaimTimeout)
                    .SetProperty(d => d.UpdatedAt, now), cancellationToken);
            if (claimed == 0)
            {
                return null;
            }
        }

        var dispatch = await LoadAsync(id, cancellationToken);
        // JD Edwards dates the row it writes (CRDJ) on its own clock: a day of margin before the posting was approved.
        var since = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(dispatch.ApprovedAt ?? dispatch.CreatedAt, jdeOptions.Value.TimeZoneInfo).DateTime).AddDays(-1);
        var request = JsonSerializer.Serialize(new { branch_plant = dispatch.BranchPlant, since = since.ToString("yyyy-MM-dd"), explanation = dispatch.Explanation });
        var started = clock.GetUtcNow();
        using var activity = BakeryOpsTelemetry.Source.StartActivity("dispatch read-back");
        activity?.SetTag("bakeryops.dispatch.key", dispatch.Key);
        activity?.SetTag("bakeryops.facility_id", dispatch.FacilityId);
        try
        {
            JdeCardexRow? found = null;
            await foreach (var row in jde.StreamCardexAsync(dispatch.BranchPlant, since, cancellationToken))
            {
                if (string.Equals(row.Explanation.Trim(), dispatch.Explanation, StringComparison.Ordinal))
                {
                    found = row;
                    break;
                }
            }

            return await RecordAsync(dispatch, stamp, "read-back", request, started, by, d =>
            {
                d.OutcomeUnknown = false;
                d.ClaimedUntil = null;
                if (found is not null)
                {
                    d.State = DispatchState.Posted;
                    d.DocumentNumber = found.DocumentNumber;
                    d.PostedAt ??= clock.GetUtcNow();
                    d.LastError = null;
                    return ("found", found.DocumentNumber, null, 200);
                }

                // Not in the ledger: it was never written, so sending it again cannot make a second document.
                d.State = DispatchState.Approved;
                d.NextAttemptAt = null;
                return ("not-found", null, null, 200);
            });
        }
        catch (JdeException ex)
        {
            return await RecordAsync(dispatch, stamp, "read-back", request, started, by, d =>
            {
                d.ClaimedUntil = clock.GetUtcNow() + Backoff(d.Attempts);
                d.LastError = "Reading JD Edwards' ledger for the posting failed: " + ex.Message;
                return ("transient", null, ex.Message, ex.StatusCode);
            });
        }
    }

    private Task<JdeDispatch> RecordFailureAsync(
        JdeDispatch dispatch, Guid stamp, string request, DateTimeOffset started, string by, string error, int? status, bool outcomeUnknown, bool transient) =>
        RecordAsync(dispatch, stamp, "post", request, started, by, d =>
        {
            d.LastError = error;
            if (outcomeUnknown)
            {
                // Read back, not re-sent: JD Edwards may have written it. Wait a little, in case it is still writing.
                d.OutcomeUnknown = true;
                d.ClaimedUntil = clock.GetUtcNow() + options.Value.ReadBackDelay;
                return ("unknown", null, error, status);
            }

            d.OutcomeUnknown = false;
            d.ClaimedUntil = null;
            if (transient && d.Attempts < options.Value.MaxAttempts)
            {
                d.State = DispatchState.Approved;
                d.NextAttemptAt = clock.GetUtcNow() + Backoff(d.Attempts);
                return ("transient", null, error, status);
            }

            d.State = DispatchState.Failed;
            d.LastError = transient ? $"Gave up after {d.Attempts} tries: {error}" : error;
            return (transient ? "transient" : "refused", null, error, status);
        });

    private TimeSpan Backoff(int attempts) =>
        TimeSpan.FromTicks(options.Value.RetryBackoff.Ticks * (1L << Math.Clamp(attempts - 1, 0, 10)));

    private async Task<JdeDispatch> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.JdeDispatches.AsNoTracking().FirstAsync(d => d.Id == id, cancellationToken);
    }

    /// <summary>
    /// The outcome and the attempt in one transaction. The attempt is a fact and is always kept; the outcome is applied
    /// only while the row still carries the claim's stamp (otherwise another holder has it and will read back).
    /// </summary>
    private async Task<JdeDispatch> RecordAsync(
        JdeDispatch sent, Guid stamp, string kind, string request, DateTimeOffset started, string by,
        Func<JdeDispatch, (string Outcome, long? Document, string? Error, int? Status)> apply)
    {
        // Recorded even when the caller has been cancelled: the post happened (or may have).
        var cancellationToken = CancellationToken.None;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dispatch = await db.JdeDispatches.FirstAsync(d => d.Id == sent.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var holds = dispatch.Stamp == stamp;
        var (outcome, document, error, status) = apply(holds ? dispatch : Copy(dispatch));
        JdeDispatchAttempt Attempt() => new()
        {
            DispatchId = dispatch.Id, Key = dispatch.Key, FacilityId = dispatch.FacilityId, Attempt = dispatch.Attempts, Kind = kind, Request = request,
            Outcome = outcome, DocumentNumber = document, Error = error is null ? null : Shorten(error), StatusCode = status, By = by, StartedAt = started, EndedAt = now,
        };
        db.JdeDispatchAttempts.Add(Attempt());
        if (holds)
        {
            dispatch.Stamp = Guid.NewGuid();
            dispatch.UpdatedAt = now;
            if (dispatch.LastError is { } last)
            {
                dispatch.LastError = Shorten(last);
            }
        }
        else
        {
            LogClaimLost(dispatch.Key, outcome);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Taken over between the read and the write: keep the attempt, leave the row to its new holder.
            LogClaimLost(dispatch.Key, outcome);
            db.ChangeTracker.Clear();
            db.JdeDispatchAttempts.Add(Attempt());
            await db.SaveChangesAsync(cancellationToken);
        }

        BakeryOpsMetrics.Dispatch(kind, outcome);
        Activity.Current?.SetTag(BakeryOpsMetrics.OutcomeTag, outcome);
        if (outcome is "posted" or "found")
        {
            LogPosted(dispatch.Key, document, dispatch.ItemNumber, dispatch.BranchPlant);
        }
        else if (error is not null)
        {
            LogNotPosted(dispatch.Key, outcome, error);
        }

        return holds ? dispatch : await LoadAsync(sent.Id, cancellationToken);
    }

    private static JdeDispatch Copy(JdeDispatch d) => new()
    {
        Id = d.Id, Key = d.Key, FacilityId = d.FacilityId, MovementId = d.MovementId, ProductId = d.ProductId, ProductName = d.ProductName,
        MovementType = d.MovementType, InventoryUnit = d.InventoryUnit, Attempts = d.Attempts,
    };

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..1997] + "...";

    [LoggerMessage(Level = LogLevel.Information, Message = "Posting {Key} is in JD Edwards as document {DocumentNumber} ({ItemNumber}, branch {BranchPlant})")]
    private partial void LogPosted(string key, long? documentNumber, string itemNumber, string branchPlant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Posting {Key} was not posted ({Outcome}): {Error}")]
    private partial void LogNotPosted(string key, string outcome, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Posting {Key}: another holder took it over before its {Outcome} was recorded; the attempt is kept, the row is theirs")]
    private partial void LogClaimLost(string key, string outcome);
}
