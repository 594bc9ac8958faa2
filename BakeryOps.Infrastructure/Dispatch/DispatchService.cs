using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Dispatch;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Input;
using BakeryOps.Domain.Jde;
using BakeryOps.Domain.Paging;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Dispatch;

/// <summary>
/// The review of postings to JD Edwards: the list, the payloads, edits, approval (with a second approver above the
/// configured quantity), rejection, and dispatch of what is approved. Every change names the row's stamp it read, so
/// two reviewers, or a reviewer and the relay, cannot overwrite each other. Each approval, rejection and retry writes
/// its audit row in the same save as the change; each post a person asks for writes one row with how it ended.
/// </summary>
public sealed partial class DispatchService(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    DispatchPlanner planner,
    DispatchSender sender,
    DispatchNotifications notifications,
    JdeAisClient jde,
    IOptions<DispatchOptions> options,
    AuditLog audit,
    TimeProvider clock)
{
    public const string Job = "dispatch-relay";

    /// <summary>Keys one prepare or dispatch call takes at most.</summary>
    public const int MaxKeysPerCall = 5000;

    /// <summary>Postings, newest movement first, after planning the facility's new movements.</summary>
    public async Task<PagedResult<DispatchActionView>> ListAsync(DispatchQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        DispatchState? state = null;
        if (!string.IsNullOrWhiteSpace(query.State))
        {
            state = DispatchStates.TryParse(query.State, out var parsed)
                ? parsed
                : throw RequestValidationException.For("state", $"'{query.State}' is not one of {string.Join(", ", Enum.GetValues<DispatchState>().Select(s => s.Name()))}.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        string? facility = null;
        if (query.FacilityId is not null)
        {
            facility = ItemMasterReviews.CheckFacilityId(query.FacilityId);
            if (!await db.Facilities.AnyAsync(f => f.Id == facility, cancellationToken))
            {
                throw new NotFoundException($"There is no facility '{facility}'.");
            }
        }

        // New movements show at once; the caller is reading, so nobody is told (the relay plans and tells too).
        await planner.PlanAsync(facility, cancellationToken);
        var rows = db.JdeDispatches.AsNoTracking().AsQueryable();
        if (facility is not null)
        {
            rows = rows.Where(d => d.FacilityId == facility);
        }

        if (state is { } only)
        {
            rows = rows.Where(d => d.State == only);
        }

        InputText.Require("q", query.Search);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // Lower-cased on both sides: PostgreSQL compares case-sensitively, SQLite does not.
            var text = query.Search.Trim().ToLowerInvariant();
            var key = text.ToUpperInvariant();
            rows = rows.Where(d => d.ProductName.ToLower().Contains(text) || d.ItemNumber.ToLower().Contains(text) || d.Lot.ToLower().Contains(text)
                || d.Key == key);
        }

        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(d => d.MovedAt).ThenBy(d => d.Key).Skip(page.Offset).Take(page.Size).ToListAsync(cancellationToken);
        return new PagedResult<DispatchActionView>([.. items.Select(DispatchActionView.From)], total);
    }

    /// <summary>
    /// The facilities of the postings <paramref name="keys"/> name, read as every call reads them (trimmed, upper case);
    /// unknown or malformed keys are left to the call itself, which answers for them.
    /// </summary>
    public async Task<IReadOnlyList<string>> FacilitiesOfAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var wanted = keys.Take(MaxKeysPerCall).Select(k => k?.Trim().ToUpperInvariant() ?? "").Where(DispatchKeys.IsKey).Distinct(StringComparer.Ordinal).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.JdeDispatches.AsNoTracking().Where(d => wanted.Contains(d.Key)).Select(d => d.FacilityId).Distinct().ToListAsync(cancellationToken);
    }

    /// <exception cref="NotFoundException">No posting has the key.</exception>
    public async Task<DispatchActionView> GetAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return DispatchActionView.From(await FindAsync(db, key, tracked: false, cancellationToken));
    }

    /// <summary>The payloads of <paramref name="keys"/> as they would be sent, with what keeps each from being sent.</summary>
    public async Task<IReadOnlyList<PreparedDispatch>> PrepareAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var wanted = CheckKeys(keys);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.JdeDispatches.AsNoTracking().Where(d => wanted.Contains(d.Key)).ToDictionaryAsync(d => d.Key, cancellationToken);
        var missing = wanted.Where(k => !found.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw RequestValidationException.For("keys", $"No posting has the key {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? ", …" : "")}.");
        }

        return [.. wanted.Select(k => found[k]).Select(d => new PreparedDispatch(d.Key, DispatchActionView.From(d), DispatchPayloads.ToPayload(d, jde.FormatDate), d.Problem))];
    }

    /// <summary>A reviewer's change of quantity and lot: checked again, and approved again from the start.</summary>
    public async Task<DispatchActionView> EditAsync(string key, DispatchEdit edit, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dispatch = await FindAsync(db, key, tracked: true, cancellationToken);
        if (!dispatch.State.IsReviewable() && dispatch.State != DispatchState.Approved)
        {
            throw new ConflictException($"Posting {key} is {dispatch.State.Name()}: it can no longer be changed.");
        }

        // The pages call this over the circuit, not through the HTTP input gate: the same rules here.
        var errors = new ValidationErrors();
        var lot = CodeText.Normalise(edit.Lot, JdeColumns.LotLength, JdeColumns.Lot, "lot", errors) ?? "";
        if (decimal.Round(edit.Quantity, DispatchPayloads.JdeDecimals) != edit.Quantity)
        {
            errors.Add("quantity", $"JD Edwards keeps {DispatchPayloads.JdeDecimals} decimals.");
        }
        else if (Math.Abs(edit.Quantity) > DispatchPayloads.MaxQuantity)
        {
            errors.Add("quantity", $"JD Edwards keeps quantities up to {DispatchPayloads.MaxQuantity:#,0}.");
        }

        errors.ThrowIfAny();

        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == dispatch.ProductId, cancellationToken);
        var now = clock.GetUtcNow();
        dispatch.Quantity = edit.Quantity;
        dispatch.Lot = lot;
        dispatch.Problem = DispatchPayloads.Validate(dispatch, product);
        if (product is not null && DispatchPayloads.ToJdeUnit(1m, product, dispatch.Unit) is ({ } perInventoryUnit, null) && perInventoryUnit != 0)
        {
            // The threshold is in the product's unit: the edited quantity counts, or the movement's if that is larger.
            var edited = Math.Abs(edit.Quantity / perInventoryUnit);
            dispatch.NeedsSecondApprover = options.Value.SecondApproval.Requires(Math.Max(edited, Math.Abs(dispatch.InventoryQuantity)), product.InventoryUnit);
        }

        (dispatch.EditedBy, dispatch.EditedAt) = (user, now);
        ClearApprovals(dispatch);
        dispatch.State = DispatchState.Pending;
        await SaveAsync(db, dispatch, now, cancellationToken);
        return DispatchActionView.From(dispatch);
    }

    /// <summary>
    /// Approves what the user may: a posting above the second-approval threshold needs two different people, so the
    /// first approval leaves it pending. Returns each key's state afterwards, or why it was not approved.
    /// </summary>
    public Task<IReadOnlyList<DispatchResult>> ApproveAsync(IReadOnlyList<string> keys, string user, CancellationToken cancellationToken) =>
        ApproveAsync(keys, Person(user), cancellationToken);

    /// <inheritdoc cref="ApproveAsync(IReadOnlyList{string}, string, CancellationToken)"/>
    public async Task<IReadOnlyList<DispatchResult>> ApproveAsync(IReadOnlyList<string> keys, AuditActor actor, CancellationToken cancellationToken)
    {
        var results = new List<DispatchResult>();
        foreach (var key in CheckKeys(keys))
        {
            results.Add(await ApproveOneAsync(key, actor, cancellationToken));
        }

        return results;
    }

    public Task<IReadOnlyList<DispatchResult>> RejectAsync(IReadOnlyList<string> keys, string reason, string user, CancellationToken cancellationToken) =>
        RejectAsync(keys, reason, Person(user), cancellationToken);

    public async Task<IReadOnlyList<DispatchResult>> RejectAsync(IReadOnlyList<string> keys, string reason, AuditActor actor, CancellationToken cancellationToken)
    {
        InputText.Require("reason", reason);
        var why = reason?.Trim() ?? "";
        if (why.Length == 0 || why.Length > JdeDispatch.MaxReasonLength)
        {
            throw RequestValidationException.For("reason", $"Say why the posting is rejected (1 to {JdeDispatch.MaxReasonLength} characters).");
        }

        var results = new List<DispatchResult>();
        foreach (var key in CheckKeys(keys))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var dispatch = await FindAsync(db, key, tracked: true, cancellationToken);
            if (!dispatch.State.IsReviewable() && dispatch.State != DispatchState.Approved)
            {
                results.Add(Result(dispatch, false, $"It is {dispatch.State.Name()}, so it can no longer be rejected."));
                continue;
            }

            var now = clock.GetUtcNow();
            (dispatch.State, dispatch.RejectedBy, dispatch.RejectedAt, dispatch.RejectReason) = (DispatchState.Rejected, actor.Name, now, why);
            results.Add(await TrySaveAuditedAsync(db, dispatch, now, actor, AuditCategories.Approval, "reject", why, cancellationToken)
                ?? Result(dispatch, true, null));
        }

        return results;
    }

    /// <summary>
    /// Approves within the user's limits and posts every approved key, <c>Dispatch:Parallelism</c> keys at a time (each
    /// key approved and sent in turn by one worker, so the first posts go out while later keys are being approved); a
    /// key already in JD Edwards is reported with its document and not posted again. <paramref name="progress"/> hears
    /// each key as it ends.
    /// </summary>
    public Task<DispatchSummary> DispatchAsync(
        IReadOnlyList<string> keys, string user, IProgress<DispatchResult>? progress, CancellationToken cancellationToken) =>
        DispatchAsync(keys, Person(user), progress, cancellationToken);

    public async Task<DispatchSummary> DispatchAsync(
        IReadOnlyList<string> keys, AuditActor actor, IProgress<DispatchResult>? progress, CancellationToken cancellationToken)
    {
        var wanted = CheckKeys(keys);
        Dictionary<string, JdeDispatch> found;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            found = await db.JdeDispatches.AsNoTracking().Where(d => wanted.Contains(d.Key)).ToDictionaryAsync(d => d.Key, cancellationToken);
        }

        var results = new DispatchResult[wanted.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, wanted.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                var result = found.TryGetValue(wanted[index], out var dispatch)
                    ? await DispatchOneAsync(dispatch, actor, ct)
                    : new DispatchResult(wanted[index], false, "unknown", null, "No posting has this key.");
                results[index] = result;
                progress?.Report(result);
            });

        foreach (var facility in found.Values.Select(d => d.FacilityId).Distinct(StringComparer.Ordinal))
        {
            notifications.Publish(facility);
        }

        var successful = results.Count(r => r.Success);
        return new DispatchSummary(results.Length, successful, results.Length - successful, results);
    }

    private async Task<DispatchResult> DispatchOneAsync(JdeDispatch dispatch, AuditActor actor, CancellationToken cancellationToken)
    {
        var posted = await PostOneAsync(dispatch, actor, cancellationToken);
        if (posted.Sent)
        {
            var result = posted.Result;
            await audit.RecordAsync(new AuditEntry(
                AuditCategories.Dispatch, "post", result.Success ? AuditOutcomes.Success : AuditOutcomes.Failure, actor, result.Key,
                result.Success ? $"Document {result.DocumentNumber}" : result.Error), CancellationToken.None);
        }

        return posted.Result;
    }

    /// <summary>Approves as needed and sends; <c>Sent</c> says whether a post to JD Edwards was tried.</summary>
    private async Task<(DispatchResult Result, bool Sent)> PostOneAsync(JdeDispatch dispatch, AuditActor actor, CancellationToken cancellationToken)
    {
        var user = actor.Name;
        var decided = dispatch.State switch
        {
            DispatchState.Posted or DispatchState.Confirmed =>
                Result(dispatch, true, $"Already in JD Edwards as document {dispatch.DocumentNumber}; not posted again."),
            DispatchState.Failed => await RetryOneAsync(dispatch.Key, actor, cancellationToken),
            DispatchState.Pending => await ApproveOneAsync(dispatch.Key, actor, cancellationToken),
            _ => Result(dispatch, dispatch.State == DispatchState.Approved, null),
        };
        if (decided.State != DispatchState.Approved.Name())
        {
            return (decided, false);
        }

        if (await sender.SendAsync(dispatch.Id, user, cancellationToken) is { } sent)
        {
            return (Result(sent, sent.State == DispatchState.Posted, sent.State == DispatchState.Posted ? null : sent.LastError), true);
        }

        // Not claimed: say why, as it stands now.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = await db.JdeDispatches.AsNoTracking().FirstAsync(d => d.Id == dispatch.Id, cancellationToken);
        return (now.State switch
        {
            DispatchState.Posted or DispatchState.Confirmed => Result(now, true, null),
            DispatchState.Approved when now.NextAttemptAt is { } next =>
                Result(now, false, $"It failed transiently and waits until {next:u} before it is tried again ({now.LastError})."),
            DispatchState.Sending => Result(now, false, "Another dispatch or the relay is sending it now."),
            _ => Result(now, false, now.LastError),
        }, false);
    }

    /// <summary>A failed posting approved again, to be sent as soon as a dispatch or the relay takes it.</summary>
    public Task<IReadOnlyList<DispatchResult>> RetryAsync(IReadOnlyList<string> keys, string user, CancellationToken cancellationToken) =>
        RetryAsync(keys, Person(user), cancellationToken);

    public async Task<IReadOnlyList<DispatchResult>> RetryAsync(IReadOnlyList<string> keys, AuditActor actor, CancellationToken cancellationToken)
    {
        var results = new List<DispatchResult>();
        foreach (var key in CheckKeys(keys))
        {
            results.Add(await RetryOneAsync(key, actor, cancellationToken));
        }

        return results;
    }

    private async Task<DispatchResult> RetryOneAsync(string key, AuditActor actor, CancellationToken cancellationToken)
    {
        var user = actor.Name;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dispatch = await FindAsync(db, key, tracked: true, cancellationToken);
        if (dispatch.State != DispatchState.Failed)
        {
            return Result(dispatch, false, $"It is {dispatch.State.Name()}, not failed.");
        }

        if (dispatch.Problem is { } problem)
        {
            return Result(dispatch, false, problem);
        }

        var now = clock.GetUtcNow();
        (dispatch.State, dispatch.Attempts, dispatch.NextAttemptAt, dispatch.ApprovedBy, dispatch.ApprovedAt) = (DispatchState.Approved, 0, null, dispatch.ApprovedBy ?? user, dispatch.ApprovedAt ?? now);
        return await TrySaveAuditedAsync(db, dispatch, now, actor, AuditCategories.Dispatch, "retry", dispatch.LastError, cancellationToken)
            ?? Result(dispatch, true, null);
    }

    private async Task<DispatchResult> ApproveOneAsync(string key, AuditActor actor, CancellationToken cancellationToken)
    {
        var user = actor.Name;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dispatch = await FindAsync(db, key, tracked: true, cancellationToken);
        if (dispatch.State == DispatchState.Approved)
        {
            return Result(dispatch, true, null);
        }

        if (dispatch.State != DispatchState.Pending)
        {
            return Result(dispatch, false, $"It is {dispatch.State.Name()}, so it cannot be approved.");
        }

        if (dispatch.Problem is { } problem)
        {
            return Result(dispatch, false, problem);
        }

        var now = clock.GetUtcNow();
        if (dispatch.NeedsSecondApprover)
        {
            if (dispatch.FirstApprovedBy is null)
            {
                (dispatch.FirstApprovedBy, dispatch.FirstApprovedAt) = (user, now);
                return await TrySaveAuditedAsync(db, dispatch, now, actor, AuditCategories.Approval, "approve", "First of two approvals.", cancellationToken)
                    ?? Result(dispatch, false, "Approved once; above the second-approval quantity it needs a second approver, a different person.");
            }

            if (string.Equals(dispatch.FirstApprovedBy, user, StringComparison.OrdinalIgnoreCase))
            {
                return Result(dispatch, false, $"{user} approved it already; above the second-approval quantity a different person must approve it too.");
            }
        }

        (dispatch.State, dispatch.ApprovedBy, dispatch.ApprovedAt, dispatch.NextAttemptAt) = (DispatchState.Approved, user, now, null);
        return await TrySaveAuditedAsync(db, dispatch, now, actor, AuditCategories.Approval, "approve", null, cancellationToken)
            ?? Result(dispatch, true, null);
    }

    private static void ClearApprovals(JdeDispatch dispatch)
    {
        (dispatch.FirstApprovedBy, dispatch.FirstApprovedAt, dispatch.ApprovedBy, dispatch.ApprovedAt) = (null, null, null, null);
    }

    private async Task SaveAsync(BakeryOpsDbContext db, JdeDispatch dispatch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await TrySaveAsync(db, dispatch, now, cancellationToken) is { } conflict)
        {
            throw new ConflictException(conflict.Error!);
        }
    }

    /// <summary>Saves under the stamp read; null when saved, else the result saying someone changed it meanwhile.</summary>
    private async Task<DispatchResult?> TrySaveAsync(BakeryOpsDbContext db, JdeDispatch dispatch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        dispatch.Stamp = Guid.NewGuid();
        dispatch.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new DispatchResult(dispatch.Key, false, "changed", null, $"Posting {dispatch.Key} changed meanwhile (another reviewer or the relay); reload it and try again.");
        }

        notifications.Publish(dispatch.FacilityId);
        return null;
    }

    /// <summary>As <see cref="TrySaveAsync"/>, with the change's audit row in the same save (so a lost race records nothing).</summary>
    private async Task<DispatchResult?> TrySaveAuditedAsync(
        BakeryOpsDbContext db, JdeDispatch dispatch, DateTimeOffset now, AuditActor actor, string category, string action, string? detail,
        CancellationToken cancellationToken)
    {
        var row = audit.Add(db, new AuditEntry(category, action, AuditOutcomes.Success, actor, dispatch.Key, detail));
        var conflict = await TrySaveAsync(db, dispatch, now, cancellationToken);
        if (conflict is null)
        {
            audit.Announce(row);
        }

        return conflict;
    }

    // Callers that know only a name: the row has no address.
    private static AuditActor Person(string user) => new(user, AuditActorKinds.User, null);

    private static DispatchResult Result(JdeDispatch dispatch, bool success, string? error) =>
        new(dispatch.Key, success, dispatch.State.Name(), dispatch.DocumentNumber, error);

    private static List<string> CheckKeys(IReadOnlyList<string>? keys)
    {
        if (keys is null || keys.Count == 0)
        {
            throw RequestValidationException.For("keys", "Name at least one posting key.");
        }

        if (keys.Count > MaxKeysPerCall)
        {
            throw RequestValidationException.For("keys", $"At most {MaxKeysPerCall} keys per call.");
        }

        var bad = keys.FirstOrDefault(k => !DispatchKeys.IsKey(k?.Trim().ToUpperInvariant()));
        if (bad is not null)
        {
            // Named without the text itself: it may hold anything.
            throw RequestValidationException.For("keys", $"Key {keys.ToList().IndexOf(bad) + 1} is not a posting key ({JdeDispatch.KeyLength} letters and digits).");
        }

        return [.. keys.Select(k => k.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal)];
    }

    private static async Task<JdeDispatch> FindAsync(BakeryOpsDbContext db, string key, bool tracked, CancellationToken cancellationToken)
    {
        var wanted = key?.Trim().ToUpperInvariant() ?? "";
        if (!DispatchKeys.IsKey(wanted))
        {
            throw new NotFoundException($"No posting has the key '{key}'.");
        }

        var query = tracked ? db.JdeDispatches : db.JdeDispatches.AsNoTracking();
        return await query.FirstOrDefaultAsync(d => d.Key == wanted, cancellationToken)
            ?? throw new NotFoundException($"No posting has the key '{key}'.");
    }

    private async Task<List<string>> FacilitiesOfAsync(List<string> keys, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.JdeDispatches.AsNoTracking().Where(d => keys.Contains(d.Key)).Select(d => d.FacilityId).Distinct().ToListAsync(cancellationToken);
    }
}
