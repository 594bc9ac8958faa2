using BakeryOps.Domain.Analytics;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Input;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Schemas;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// Named pivot views: each user's own, and those shared with everyone. Only the owner changes a view; the owner, or an
/// Admin for a shared one, deletes it. A view another user keeps private is not there for anyone else (404), so its
/// existence is not given away. Pages and the API call the same methods, so the input rules are applied here.
/// </summary>
public sealed partial class SavedPivotViews(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    SavedPivotViewNotifications notifications,
    TimeProvider clock,
    ILogger<SavedPivotViews> logger)
{
    /// <summary>The user's own views and every shared view, by name.</summary>
    public async Task<IReadOnlyList<SavedPivotViewInfo>> ListAsync(PivotViewUser user, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var views = await db.SavedPivotViews.AsNoTracking().Where(v => v.Owner == user.Name || v.Shared).ToListAsync(cancellationToken);
        // Ordered here: the two providers collate differently, and the list is one user's views plus the shared ones.
        return [.. views
            .OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase).ThenBy(v => v.Name, StringComparer.Ordinal).ThenBy(v => v.Owner, StringComparer.Ordinal)
            .Select(v => SavedPivotViewInfo.From(v, user))];
    }

    /// <exception cref="NotFoundException">No view has the id, or it is another user's private view.</exception>
    public async Task<SavedPivotViewInfo> GetAsync(string id, PivotViewUser user, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return SavedPivotViewInfo.From(await FindVisibleAsync(db, id, user, tracked: false, cancellationToken), user);
    }

    /// <exception cref="RequestValidationException">The name or query breaks the rules; the field is named.</exception>
    /// <exception cref="ConflictException">The user already has a view of that name.</exception>
    public async Task<SavedPivotViewInfo> CreateAsync(SavedPivotViewInput input, PivotViewUser user, CancellationToken cancellationToken)
    {
        var (name, query) = Check(input);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RequireFreeNameAsync(db, user.Name, name, null, cancellationToken);
        var now = clock.GetUtcNow();
        var view = new SavedPivotView
        {
            Id = Guid.NewGuid().ToString(), Name = name, Owner = user.Name, Shared = input.Shared, Query = query, CreatedAt = now, UpdatedAt = now,
        };
        db.SavedPivotViews.Add(view);
        await SaveAsync(db, view, cancellationToken);
        return SavedPivotViewInfo.From(view, user);
    }

    /// <summary>Replaces the name, query and sharing of the user's own view.</summary>
    /// <exception cref="ForbiddenException">The view is shared by another user.</exception>
    public async Task<SavedPivotViewInfo> UpdateAsync(string id, SavedPivotViewInput input, PivotViewUser user, CancellationToken cancellationToken)
    {
        var (name, query) = Check(input);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var view = await FindVisibleAsync(db, id, user, tracked: true, cancellationToken);
        if (view.Owner != user.Name)
        {
            throw new ForbiddenException($"The view '{view.Name}' is shared by {view.Owner}; only they may change it.");
        }

        await RequireFreeNameAsync(db, user.Name, name, view.Id, cancellationToken);
        (view.Name, view.Query, view.Shared, view.UpdatedAt) = (name, query, input.Shared, clock.GetUtcNow());
        await SaveAsync(db, view, cancellationToken);
        return SavedPivotViewInfo.From(view, user);
    }

    /// <summary>Deletes the user's own view, or, for an Admin, a view someone shared.</summary>
    /// <exception cref="ForbiddenException">The view is shared by another user and the caller is no Admin.</exception>
    public async Task DeleteAsync(string id, PivotViewUser user, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var view = await FindVisibleAsync(db, id, user, tracked: true, cancellationToken);
        var owns = view.Owner == user.Name;
        if (!owns && !user.IsAdmin)
        {
            throw new ForbiddenException($"The view '{view.Name}' is shared by {view.Owner}; only they or an Admin may delete it.");
        }

        db.SavedPivotViews.Remove(view);
        await SaveAsync(db, view, cancellationToken);
        if (!owns)
        {
            LogSharedViewDeleted(user.Name, view.Id, view.Owner);
        }
    }

    /// <summary>The trimmed name and query, or every field's problem at once.</summary>
    private static (string Name, string Query) Check(SavedPivotViewInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        var name = input.Name?.Trim() ?? "";
        if (InputText.Check(errors, "name", input.Name))
        {
            if (name.Length is 0 or > SavedPivotView.MaxNameLength)
            {
                errors.Add("name", $"A view needs a name of 1 to {SavedPivotView.MaxNameLength} characters{(name.Length == 0 ? "" : $"; this one has {name.Length}")}.");
            }
            else if (name.AsSpan().IndexOfAny('\t', '\r', '\n') >= 0)
            {
                errors.Add("name", "A view's name is one line: no tabs or line breaks.");
            }
        }

        var query = input.Query?.Trim() ?? "";
        if (input.Query is null)
        {
            errors.Add("query", "The pivot's query string (as in the pivot page's address) is required.");
        }
        else if (InputText.Check(errors, "query", input.Query) && query.Length > SavedPivotView.MaxSpecLength)
        {
            errors.Add("query", $"A view's query is at most {SavedPivotView.MaxSpecLength:#,0} characters; this one has {query.Length:#,0}.");
        }

        errors.ThrowIfAny();
        return (name, query);
    }

    private static async Task<SavedPivotView> FindVisibleAsync(
        BakeryOpsDbContext db, string id, PivotViewUser user, bool tracked, CancellationToken cancellationToken)
    {
        // Ids are Guids in their "D" form; anything else names no view and need not reach the database.
        if (!Guid.TryParse(id, out var guid))
        {
            throw new NotFoundException($"There is no saved view '{id}'.");
        }

        var key = guid.ToString();
        var views = tracked ? db.SavedPivotViews : db.SavedPivotViews.AsNoTracking();
        return await views.FirstOrDefaultAsync(v => v.Id == key && (v.Owner == user.Name || v.Shared), cancellationToken)
            ?? throw new NotFoundException($"There is no saved view '{id}'.");
    }

    /// <summary>
    /// Names differ for a person when they differ in more than case, so the check ignores case (in C#, the same on both
    /// providers); the unique index catches two saves of the very same name at once.
    /// </summary>
    private static async Task RequireFreeNameAsync(BakeryOpsDbContext db, string owner, string name, string? exceptId, CancellationToken cancellationToken)
    {
        var names = await db.SavedPivotViews.AsNoTracking().Where(v => v.Owner == owner && v.Id != exceptId).Select(v => v.Name).ToListAsync(cancellationToken);
        if (names.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw NameTaken(name);
        }
    }

    /// <summary>Commits, then tells open pages.</summary>
    private async Task SaveAsync(BakeryOpsDbContext db, SavedPivotView view, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Deleted by its owner or an Admin between our read and this write.
            throw new NotFoundException($"There is no saved view '{view.Id}'.");
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            throw NameTaken(view.Name);
        }

        notifications.Publish(view.Id);
    }

    private static ConflictException NameTaken(string name) => new($"You already have a view named '{name}'; choose another name or change that view.");

    [LoggerMessage(Level = LogLevel.Information, Message = "{ActingUser} deleted the shared pivot view {ViewId} of {Owner}")]
    private partial void LogSharedViewDeleted(string actingUser, string viewId, string owner);
}
