using System.Security.Cryptography;
using System.Text;
using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Idempotency;

/// <summary>
/// Runs a write at most once per <c>Idempotency-Key</c>: the write and the key's record commit in one transaction,
/// and the unique (scope, key) index makes a concurrent repeat roll back and replay the first response instead.
/// </summary>
public sealed class IdempotencyService(IDbContextFactory<BakeryOpsDbContext> contexts, TimeProvider clock)
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxKeyLength = 200;

    public static string HashRequest(string method, string path, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{method.ToUpperInvariant()}\n{path}\n"));
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Runs <c>write</c> in a transaction, or replays the stored response when the caller's key (unique per
    /// <c>scope</c>, the user) was seen before with the same request hash. A null key runs the write without idempotency.
    /// </summary>
    public async Task<StoredResponse> ExecuteAsync(
        string? key, string scope, string requestHash, Func<BakeryOpsDbContext, Task<StoredResponse>> write, CancellationToken cancellationToken)
    {
        if (key is not null && (key.Length is 0 or > MaxKeyLength || key.Any(char.IsControl)))
        {
            throw RequestValidationException.For(HeaderName, $"The {HeaderName} header must have 1 to {MaxKeyLength} printable characters.");
        }

        if (key is not null && await FindAsync(scope, key, requestHash, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var response = await write(db);
        if (key is null)
        {
            await transaction.CommitAsync(cancellationToken);
            return response;
        }

        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            Scope = scope, Key = key, RequestHash = requestHash, StatusCode = response.StatusCode, ResponseBody = response.Body,
            Location = response.Location, CreatedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return response;
        }
        catch (DbUpdateException)
        {
            // A concurrent request with the same key committed first: this one's effects roll back with the transaction.
            await transaction.RollbackAsync(cancellationToken);
            return await FindAsync(scope, key, requestHash, cancellationToken) ?? throw new InvalidOperationException(
                "The idempotency record could not be saved and no earlier record exists.");
        }
    }

    private async Task<StoredResponse?> FindAsync(string scope, string key, string requestHash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Scope == scope && r.Key == key, cancellationToken);
        if (record is null)
        {
            return null;
        }

        return record.RequestHash == requestHash
            ? new StoredResponse(record.StatusCode, record.ResponseBody, record.Location, Replayed: true)
            : throw new IdempotencyKeyMismatchException(key);
    }
}
