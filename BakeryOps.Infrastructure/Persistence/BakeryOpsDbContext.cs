using BakeryOps.Domain.Analytics;
using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Dispatch;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Identity;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Jobs;
using BakeryOps.Domain.Lake;
using BakeryOps.Domain.Reconciliation;
using BakeryOps.Domain.Schemas;
using BakeryOps.Domain.Sessions;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Idempotency;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Persistence;

/// <summary>
/// The provider-neutral model. Each provider has a sealed subclass with its own migrations;
/// everything outside Persistence sees only this type.
/// </summary>
public abstract class BakeryOpsDbContext(DbContextOptions options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<Facility> Facilities => Set<Facility>();
    public DbSet<SchemaVersion> SchemaVersions => Set<SchemaVersion>();
    public DbSet<DispatchLog> DispatchLogs => Set<DispatchLog>();
    public DbSet<LakeReplacedObject> LakeReplacedObjects => Set<LakeReplacedObject>();
    public DbSet<DatasetSettings> DatasetSettings => Set<DatasetSettings>();
    public DbSet<LakeOutboxEntry> LakeOutbox => Set<LakeOutboxEntry>();
    public DbSet<SessionData> SessionData => Set<SessionData>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Batch> Batches => Set<Batch>();
    public DbSet<Movement> Movements => Set<Movement>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<SyncRun> SyncRuns => Set<SyncRun>();
    public DbSet<JdeCardexEntry> JdeCardex => Set<JdeCardexEntry>();
    public DbSet<SyncCursor> SyncCursors => Set<SyncCursor>();
    public DbSet<QuarantinedLedgerRow> SyncQuarantine => Set<QuarantinedLedgerRow>();
    public DbSet<SyncLease> SyncLeases => Set<SyncLease>();
    public DbSet<JdeItemMasterEntry> JdeItemMaster => Set<JdeItemMasterEntry>();
    public DbSet<JdeItemBalance> JdeItemBalances => Set<JdeItemBalance>();
    public DbSet<LedgerOpening> LedgerOpenings => Set<LedgerOpening>();
    public DbSet<ReconciliationRun> ReconciliationRuns => Set<ReconciliationRun>();
    public DbSet<ReconciliationRow> ReconciliationRows => Set<ReconciliationRow>();
    public DbSet<JdeDispatch> JdeDispatches => Set<JdeDispatch>();
    public DbSet<JdeDispatchAttempt> JdeDispatchAttempts => Set<JdeDispatchAttempt>();
    public DbSet<SavedPivotView> SavedPivotViews => Set<SavedPivotView>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<ServiceAccount> ServiceAccounts => Set<ServiceAccount>();
    public DbSet<ServiceAccountSecret> ServiceAccountSecrets => Set<ServiceAccountSecret>();

    /// <summary>The provider's name as shown in health and diagnostics.</summary>
    public abstract DatabaseProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(BakeryOpsDbContext).Assembly);
        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }
}
