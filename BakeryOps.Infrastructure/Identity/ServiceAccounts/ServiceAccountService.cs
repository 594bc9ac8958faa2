using System.Collections.Concurrent;
using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Identity;
using BakeryOps.Domain.Input;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Schemas;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Identity.ServiceAccounts;

/// <summary>
/// Service accounts: credentials for another system calling the API through the client credentials grant. Admins
/// create, list, rotate and delete them (the page and the API call the same methods, so the rules live here); the token
/// endpoint verifies a client's secret. Secrets are shown once and stored as SHA-256 hashes; a rotated-out secret keeps
/// working for <see cref="ServiceAccountOptions.SecretOverlap"/>. Every change is audited with the change itself.
/// </summary>
public sealed partial class ServiceAccountService(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    AuditLog audit,
    ServiceAccountNotifications notifications,
    IOptions<ServiceAccountOptions> options,
    TimeProvider clock,
    ILogger<ServiceAccountService> logger)
{
    /// <summary>Last use is written at most this often per account, so a busy integration does not write on every call.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public const string NameField = "name";
    public const string RolesField = "roles";
    public const string FacilitiesField = "facilities";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastUseWritten = new(StringComparer.Ordinal);

    /// <summary>Every account by name, with its roles, facilities, last use and how many secrets work now.</summary>
    public async Task<IReadOnlyList<ServiceAccountSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var accounts = await db.ServiceAccounts.AsNoTracking().Include(a => a.Secrets).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return [.. accounts
            .OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.ClientId, StringComparer.Ordinal)
            .Select(a =>
            {
                var working = a.Secrets.Where(s => IsWorking(s, now)).ToList();
                return new ServiceAccountSummary(
                    a.ClientId, a.Name, ServiceAccountLists.Split(a.Roles), ServiceAccountLists.Split(a.Facilities), a.CreatedAt, a.CreatedBy,
                    a.LastUsedAt, a.LastUsedAddress, working.Count, working.Max(s => s.ExpiresAt));
            })];
    }

    /// <summary>The facility ids an account may be limited to, for the page's choices.</summary>
    public async Task<IReadOnlyList<string>> ListFacilityIdsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.Facilities.AsNoTracking().Select(f => f.Id).ToListAsync(cancellationToken);
        return [.. ids.Order(StringComparer.Ordinal)];
    }

    /// <exception cref="RequestValidationException">The name, a role or a facility is refused; the field is named.</exception>
    /// <exception cref="ConflictException">Another account has that name.</exception>
    public async Task<ServiceAccountSecretIssued> CreateAsync(NewServiceAccount request, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (name, roles, facilities) = await CheckAsync(db, request, cancellationToken);
        var names = await db.ServiceAccounts.AsNoTracking().Select(a => a.Name).ToListAsync(cancellationToken);
        if (names.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw NameTaken(name);
        }

        var now = clock.GetUtcNow();
        var secret = ServiceAccountCredentials.NewSecret();
        var account = new ServiceAccount
        {
            ClientId = ServiceAccountCredentials.NewClientId(),
            Name = name,
            Roles = ServiceAccountLists.Join(roles),
            Facilities = ServiceAccountLists.Join(facilities),
            CreatedAt = now,
            CreatedBy = actor.Name,
        };
        account.Secrets.Add(NewSecretRow(account.ClientId, secret, now));
        db.ServiceAccounts.Add(account);
        var row = audit.Add(db, new AuditEntry(AuditCategories.ServiceAccount, "create", AuditOutcomes.Success, actor, account.ClientId,
            $"Name: {name}; roles: {string.Join(", ", roles)}; facilities: {(facilities.Count == 0 ? "all" : string.Join(", ", facilities))}"));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            throw NameTaken(name);
        }

        Committed(row, account.ClientId);
        LogCreated(actor.Name, account.ClientId, name);
        return new ServiceAccountSecretIssued(account.ClientId, name, secret, null);
    }

    /// <summary>
    /// Issues a new secret. The current one keeps working until the overlap ends; any secret already past its end is
    /// removed. The new secret is shown once.
    /// </summary>
    /// <exception cref="NotFoundException">No account has the client id.</exception>
    public async Task<ServiceAccountSecretIssued> RotateSecretAsync(string clientId, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var account = await db.ServiceAccounts.Include(a => a.Secrets).FirstOrDefaultAsync(a => a.ClientId == clientId, cancellationToken)
            ?? throw NotFound(clientId);
        var now = clock.GetUtcNow();
        var overlapEnd = now + options.Value.SecretOverlap;
        foreach (var old in account.Secrets.ToList())
        {
            if (!IsWorking(old, now) || options.Value.SecretOverlap == TimeSpan.Zero)
            {
                db.ServiceAccountSecrets.Remove(old);
            }
            else if (old.ExpiresAt is null || old.ExpiresAt > overlapEnd)
            {
                old.ExpiresAt = overlapEnd;
            }
        }

        var secret = ServiceAccountCredentials.NewSecret();
        db.ServiceAccountSecrets.Add(NewSecretRow(clientId, secret, now));
        var previousEnd = options.Value.SecretOverlap == TimeSpan.Zero ? (DateTimeOffset?)null : overlapEnd;
        var row = audit.Add(db, new AuditEntry(AuditCategories.ServiceAccount, "rotate-secret", AuditOutcomes.Success, actor, clientId,
            previousEnd is { } end ? $"The previous secret works until {end:O}." : "The previous secret stopped working at once."));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Deleted between the read and this write: its secrets are gone, or the new one has no account to belong to.
            if (!await ExistsAsync(clientId, cancellationToken))
            {
                throw NotFound(clientId);
            }

            throw;
        }

        Committed(row, clientId);
        LogRotated(actor.Name, clientId);
        return new ServiceAccountSecretIssued(clientId, account.Name, secret, previousEnd);
    }

    /// <summary>Deletes the account and its secrets: no new token is issued, and its tokens fail at their next check.</summary>
    /// <exception cref="NotFoundException">No account has the client id.</exception>
    public async Task DeleteAsync(string clientId, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var account = await db.ServiceAccounts.Include(a => a.Secrets).FirstOrDefaultAsync(a => a.ClientId == clientId, cancellationToken)
            ?? throw NotFound(clientId);
        db.ServiceAccounts.Remove(account);
        var row = audit.Add(db, new AuditEntry(AuditCategories.ServiceAccount, "delete", AuditOutcomes.Success, actor, clientId, $"Name: {account.Name}"));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw NotFound(clientId);
        }

        _lastUseWritten.TryRemove(clientId, out _);
        Committed(row, clientId);
        LogDeleted(actor.Name, clientId, account.Name);
    }

    /// <summary>
    /// The account when <paramref name="secret"/> is one of its working secrets, else null. Hashes are compared in
    /// constant time, and an unknown client id costs the same hashing as a known one. Records the use (throttled).
    /// </summary>
    public async Task<VerifiedServiceAccount?> VerifyAsync(string clientId, string secret, string? address, CancellationToken cancellationToken = default)
    {
        var presented = ServiceAccountCredentials.Hash(secret);
        if (clientId.Length > ServiceAccount.MaxClientIdLength)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var account = await db.ServiceAccounts.AsNoTracking().Include(a => a.Secrets).FirstOrDefaultAsync(a => a.ClientId == clientId, cancellationToken);
        if (account is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        // Every working secret is compared, so the time taken does not tell which one matched.
        var matched = false;
        foreach (var stored in account.Secrets.Where(s => IsWorking(s, now)))
        {
            matched |= ServiceAccountCredentials.Matches(presented, stored.SecretHash);
        }

        if (!matched)
        {
            return null;
        }

        await MarkUsedAsync(clientId, address, cancellationToken);
        return VerifiedServiceAccount.From(account);
    }

    /// <summary>The account as stored now, or null once deleted; the bearer check calls this (through its cache).</summary>
    public async Task<VerifiedServiceAccount?> FindAsync(string clientId, CancellationToken cancellationToken = default)
    {
        if (clientId.Length > ServiceAccount.MaxClientIdLength)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var account = await db.ServiceAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.ClientId == clientId, cancellationToken);
        return account is null ? null : VerifiedServiceAccount.From(account);
    }

    /// <summary>
    /// Records that the account was used now from <paramref name="address"/>, at most once per
    /// <see cref="LastUsedResolution"/>: skipped in memory when this node wrote recently, and guarded in SQL so that
    /// several nodes write at most once per minute between them.
    /// </summary>
    public async Task MarkUsedAsync(string clientId, string? address, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (_lastUseWritten.TryGetValue(clientId, out var written) && now - written < LastUsedResolution)
        {
            return;
        }

        _lastUseWritten[clientId] = now;
        var before = now - LastUsedResolution;
        var shownAddress = address is null ? null : AuditLog.Clean(address, ServiceAccount.MaxAddressLength);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.ServiceAccounts
            .Where(a => a.ClientId == clientId && (a.LastUsedAt == null || a.LastUsedAt <= before))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LastUsedAt, now).SetProperty(a => a.LastUsedAddress, shownAddress), cancellationToken);
    }

    private async Task<bool> ExistsAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ServiceAccounts.AnyAsync(a => a.ClientId == clientId, cancellationToken);
    }

    private static bool IsWorking(ServiceAccountSecret secret, DateTimeOffset now) => secret.ExpiresAt is not { } end || end > now;

    private static ServiceAccountSecret NewSecretRow(string clientId, string secret, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid().ToString(),
        ClientId = clientId,
        SecretHash = ServiceAccountCredentials.Hash(secret),
        CreatedAt = now,
    };

    /// <summary>The trimmed name, the roles (Integration when none, in the order of <see cref="Roles.All"/>) and the facilities, or every field's problem.</summary>
    private static async Task<(string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Facilities)> CheckAsync(
        BakeryOpsDbContext db, NewServiceAccount request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var name = request.Name?.Trim() ?? "";
        if (InputText.Check(errors, NameField, request.Name))
        {
            if (name.Length is 0 or > ServiceAccount.MaxNameLength)
            {
                errors.Add(NameField, $"A service account needs a name of 1 to {ServiceAccount.MaxNameLength} characters.");
            }
            else if (name.AsSpan().IndexOfAny('\t', '\r', '\n') >= 0 || name.Contains(',', StringComparison.Ordinal))
            {
                errors.Add(NameField, "A service account's name is one line without commas.");
            }
        }

        var askedRoles = request.Roles ?? [];
        if (askedRoles.Any(r => r is null || !Roles.All.Contains(r, StringComparer.Ordinal)))
        {
            errors.Add(RolesField, $"Each role must be one of {string.Join(", ", Roles.All)}; found {string.Join(", ", askedRoles.Select(r => r is null ? "null" : $"'{r}'"))}.");
        }

        IReadOnlyList<string> roles = askedRoles.Count == 0 ? [Roles.Integration] : [.. Roles.All.Intersect(askedRoles.OfType<string>(), StringComparer.Ordinal)];

        var askedFacilities = request.Facilities ?? [];
        List<string> facilities = [.. askedFacilities.OfType<string>().Select(f => f.Trim()).Distinct(StringComparer.Ordinal)];
        if (askedFacilities.Any(f => f is null || f.Trim().Length == 0 || InputText.Problem(f) is not null))
        {
            errors.Add(FacilitiesField, "Each facility must be a facility id (text without control characters), not empty or null.");
        }
        else if (ServiceAccountLists.Join(facilities).Length > ServiceAccount.MaxFacilitiesLength)
        {
            errors.Add(FacilitiesField, $"The facility list is too long: at most {ServiceAccount.MaxFacilitiesLength} characters joined with commas.");
        }
        else if (facilities.Count > 0)
        {
            var known = await db.Facilities.AsNoTracking().Where(f => facilities.Contains(f.Id)).Select(f => f.Id).ToListAsync(cancellationToken);
            var unknown = facilities.Except(known, StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                errors.Add(FacilitiesField, $"Unknown facility id(s): {string.Join(", ", unknown)}.");
            }
        }

        errors.ThrowIfAny();
        return (name, roles, facilities);
    }

    private void Committed(AuditEvent row, string clientId)
    {
        audit.Announce(row);
        notifications.Publish(clientId);
    }

    private static NotFoundException NotFound(string clientId) => new($"There is no service account '{clientId}'.");

    private static ConflictException NameTaken(string name) => new($"A service account named '{name}' exists already; choose another name.");

    [LoggerMessage(Level = LogLevel.Information, Message = "{ActingUser} created service account {ClientId} ({AccountName})")]
    private partial void LogCreated(string actingUser, string clientId, string accountName);

    [LoggerMessage(Level = LogLevel.Information, Message = "{ActingUser} rotated the secret of service account {ClientId}")]
    private partial void LogRotated(string actingUser, string clientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{ActingUser} deleted service account {ClientId} ({AccountName})")]
    private partial void LogDeleted(string actingUser, string clientId, string accountName);
}
