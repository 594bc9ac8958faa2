using System.Diagnostics;
using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using BakeryOps.Domain.Paging;
using BakeryOps.Infrastructure.Dispatch;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake.Outbox;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Reconciliation;
using BakeryOps.Tests.Architecture;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Operations;

/// <summary>
/// scripts/backup.sh then scripts/restore.sh into a database and data directory that did not exist before: the restored
/// database holds every row of every table, and a portal started on it finds the same sync cursors, dispatches and
/// reconciliation, signs in the same users, reads what the old data-protection keys protected, and verifies the lake.
/// </summary>
[SupportedOSPlatform("linux")] // the scripts are bash; the backup's mode is a Unix file mode
public abstract class BackupRestoreTests(BackupSourceFixture source) : IAsyncLifetime
{
    private const string Facility = CardexSyncDriver.Facility;

    protected string Work { get; } = Path.Combine(Path.GetTempPath(), $"bakeryops-backup-test-{Guid.NewGuid():N}");

    /// <summary>Every table: its row count and a hash of all its rows' text, in a fixed order.</summary>
    protected abstract Task<Dictionary<string, TableContent>> TableContentsAsync(string connectionString);

    /// <summary>How backup.sh is told where the source portal's database is (its data directory is added).</summary>
    protected abstract Task<string[]> BackupDatabaseArgumentsAsync();

    /// <summary>An empty database to restore into, with the arguments restore.sh needs and the portal's settings for it.</summary>
    protected abstract Task<RestoreTarget> NewTargetAsync(string dataDirectory);

    [Fact]
    public async Task BackupThenRestore_IntoAnEmptyDatabaseAndDataDirectory_ThenThePortalFindsEverythingAsItWas()
    {
        await SeedAsync();
        var before = await ComparableContentsAsync(source.Database.ConnectionString);
        before.Should().ContainKeys("bakery_ops_products", "bakery_ops_movements", "sync_cursors", "jde_dispatches", "reconciliation_runs", "data_protection_keys");
        foreach (var table in new[] { "bakery_ops_products", "bakery_ops_movements", "sync_cursors", "jde_dispatches", "jde_dispatch_attempts", "reconciliation_runs", "data_protection_keys" })
        {
            before[table].Rows.Should().BePositive($"the seed writes {table}");
        }

        var reconciliation = await ReportAsync(source.Services);
        var history = await source.Services.GetRequiredService<ReconciliationService>().HistoryAsync(Facility, CardexSyncDriver.Flour, CancellationToken.None);
        var cursors = await CursorsAsync(source.Services);
        var dispatches = await DispatchesAsync(source.Services);
        var protectedByTheOldKeys = Protector(source.Services).Protect("baked before the backup");
        var lakeFiles = LakeFiles(Path.Combine(source.Factory.DataDirectory, "lake"));
        lakeFiles.Keys.Should().Contain(k => k.Contains("/_manifests/", StringComparison.Ordinal), "the outbox was flushed to the folder lake");

        var backup = await RunScriptAsync("backup.sh", [.. await BackupDatabaseArgumentsAsync(), "--data-dir", source.Factory.DataDirectory, "--output", Path.Combine(Work, "backups")]);
        backup.ExitCode.Should().Be(0, backup.Output);
        var backupDirectory = backup.Output.TrimEnd().Split('\n')[^1];
        Directory.Exists(backupDirectory).Should().BeTrue(backup.Output);
        File.ReadAllText(Path.Combine(backupDirectory, "lake-verification.txt")).Should().EndWith(" 0 problems\n");
        File.GetUnixFileMode(backupDirectory).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            "the dump holds password hashes and the data-protection keys");

        var dataDirectory = Path.Combine(Work, "restored-data");
        await using var target = await NewTargetAsync(dataDirectory);
        string[] restoreArguments = ["--from", backupDirectory, .. target.RestoreArguments, "--data-dir", dataDirectory];
        var restore = await RunScriptAsync("restore.sh", restoreArguments);
        restore.ExitCode.Should().Be(0, restore.Output);

        (await ComparableContentsAsync(target.ConnectionString)).Should().BeEquivalentTo(before, "every row of every table comes back");
        LakeFiles(Path.Combine(dataDirectory, "lake")).Should().BeEquivalentTo(lakeFiles, "every lake file comes back byte for byte");

        var again = await RunScriptAsync("restore.sh", restoreArguments);
        again.ExitCode.Should().NotBe(0, "a restore over a database and data directory in use must be asked for");
        again.Output.Should().Contain("is not empty").And.Contain("pass --force");
        var forced = await RunScriptAsync("restore.sh", [.. restoreArguments, "--force"]);
        forced.ExitCode.Should().Be(0, forced.Output);
        (await ComparableContentsAsync(target.ConnectionString)).Should().BeEquivalentTo(before, "--force replaces what is there, without doubling a row");

        await using var restored = new PortalFactory(new Dictionary<string, string?>(target.PortalSettings) { ["BAKERYOPS_DATA_DIR"] = dataDirectory });
        using var client = restored.CreateHttpClient();
        using (var health = await client.GetAsync("/health"))
        {
            health.StatusCode.Should().Be(HttpStatusCode.OK, await health.Content.ReadAsStringAsync());
        }

        (await ReportAsync(restored.Services)).Should().BeEquivalentTo(reconciliation, o => o.Excluding(r => r.ComputedAt), "the same reconciliation");
        (await restored.Services.GetRequiredService<ReconciliationService>().HistoryAsync(Facility, CardexSyncDriver.Flour, CancellationToken.None))
            .Should().BeEquivalentTo(history, "the stored snapshots come back");
        (await CursorsAsync(restored.Services)).Should().BeEquivalentTo(cursors, o => o.WithStrictOrdering());
        (await DispatchesAsync(restored.Services)).Should().BeEquivalentTo(dispatches, o => o.WithStrictOrdering());
        Protector(restored.Services).Unprotect(protectedByTheOldKeys).Should().Be("baked before the backup",
            "sign-in cookies issued before the backup stay valid: the data-protection keys came back with the database");
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));

        var verifier = restored.Services.GetRequiredService<ILakeVerifier>();
        var manifests = lakeFiles.Keys.Where(k => k.Contains("/_manifests/", StringComparison.Ordinal)).ToList();
        foreach (var manifest in manifests)
        {
            var verification = await verifier.VerifyAsync(manifest, CancellationToken.None);
            verification.Valid.Should().BeTrue($"{manifest}: {string.Join("; ", verification.Problems)}");
        }
    }

    [Fact]
    public async Task Backup_WhenALakeFileNoLongerMatchesItsManifest_ThenItFailsAndSaysWhichFile()
    {
        await SeedAsync();
        var lake = Path.Combine(source.Factory.DataDirectory, "lake");
        var copy = Path.Combine(Work, "damaged-data");
        CopyDirectory(source.Factory.DataDirectory, copy);
        var parquet = LakeFiles(Path.Combine(copy, "lake")).Keys.First(k => k.EndsWith(".parquet", StringComparison.Ordinal));
        await File.AppendAllTextAsync(Path.Combine(copy, "lake", parquet), "x");

        var backup = await RunScriptAsync("backup.sh", [.. await BackupDatabaseArgumentsAsync(), "--data-dir", copy, "--output", Path.Combine(Work, "backups")]);

        backup.ExitCode.Should().NotBe(0);
        backup.Output.Should().Contain($"{parquet}: size").And.Contain("do not verify");
        Directory.Exists(lake).Should().BeTrue("the portal's own lake is untouched");
    }

    [Fact]
    public async Task Backup_WhenHousekeepingReplacedALakeFile_ThenItStillVerifiesButAFileNobodyReplacedIsMissing()
    {
        await SeedAsync();
        var copy = Path.Combine(Work, "compacted-data");
        CopyDirectory(source.Factory.DataDirectory, copy);
        var lake = Path.Combine(copy, "lake");
        var files = LakeFiles(lake).Where(f => f.Key.EndsWith(".parquet", StringComparison.Ordinal)).Take(2).ToList();
        files.Should().HaveCount(2);
        var (replaced, lost) = (files[0], files[1]);
        // What the housekeeping's manifest says of a file it compacted away: its key and hash, as earlier manifests listed it.
        var manifest = Path.Combine(lake, "_manifests", "housekeeping-test", "99991231T000000Z-housekeeping.json");
        Directory.CreateDirectory(Path.GetDirectoryName(manifest)!);
        await File.WriteAllTextAsync(manifest, System.Text.Json.JsonSerializer.Serialize(new
        {
            dataset = "housekeeping-test", files = Array.Empty<object>(),
            replaces = new[] { new { key = replaced.Key, size = new FileInfo(Path.Combine(lake, replaced.Key)).Length, sha256 = replaced.Value } },
        }));
        File.Delete(Path.Combine(lake, replaced.Key));

        var backup = await RunScriptAsync("backup.sh", [.. await BackupDatabaseArgumentsAsync(), "--data-dir", copy, "--output", Path.Combine(Work, "backups")]);
        backup.ExitCode.Should().Be(0, backup.Output);
        backup.Output.Should().Contain("(1 replaced by housekeeping), 0 problems");

        File.Delete(Path.Combine(lake, lost.Key));
        var broken = await RunScriptAsync("backup.sh", [.. await BackupDatabaseArgumentsAsync(), "--data-dir", copy, "--output", Path.Combine(Work, "backups-2")]);
        broken.ExitCode.Should().NotBe(0);
        broken.Output.Should().Contain($"{lost.Key}: missing");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(Work))
        {
            Directory.Delete(Work, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Products and movements (the sample bakery), two sync runs with their cursor and snapshots, a usage posted to
    /// JD Edwards (a dispatch and its attempt) and the outbox flushed to the folder lake; once per class.
    /// </summary>
    private async Task SeedAsync()
    {
        await source.SeedOnceAsync(async () =>
        {
            var sync = new CardexSyncDriver(source);
            await sync.LoadSampleDataAsync();
            var first = await sync.RunAsync();
            await WaitForSnapshotAsync(first.Id);

            await source.Services.GetRequiredService<InventoryService>().RecordAdjustmentsAsync(Facility,
                [new AdjustmentInput(CardexSyncDriver.Flour, 2.5m, "KG", "USAGE", AdjustmentDate: DateTimeOffset.UtcNow)],
                isArray: false, "tester", CancellationToken.None);
            var dispatch = source.Services.GetRequiredService<DispatchService>();
            var pending = await dispatch.ListAsync(new DispatchQuery(Facility, "pending"), new PageRequest(0, 100), CancellationToken.None);
            var keys = pending.Items.Select(a => a.Key).ToList();
            keys.Should().ContainSingle();
            (await dispatch.DispatchAsync(keys, "planner", null, CancellationToken.None)).Successful.Should().Be(1, "the usage is posted to JD Edwards");

            await sync.RecordInJdeAsync("B_FLOUR_T65", 50m, "KG", "OV", explanation: "PO 4712 received");
            var second = await sync.RunAsync();
            await WaitForSnapshotAsync(second.Id);
            await source.Services.GetRequiredService<LakeOutboxFlusher>().FlushAsync("test", CancellationToken.None);
        });
    }

    private async Task WaitForSnapshotAsync(Guid cardexRun)
    {
        var catalog = source.Services.GetRequiredService<SyncRunCatalog>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var runs = await catalog.ListRunsAsync(ReconciliationService.Job, null, Facility, 0, 50, CancellationToken.None);
            if (runs.Items.FirstOrDefault(r => r.Trigger == $"after cardex run {cardexRun}") is { Status: not "running" } run)
            {
                run.Status.Should().Be("succeeded", run.Error);
                return;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, $"a reconciliation should follow cardex run {cardexRun}");
            await Task.Delay(100);
        }
    }

    private static Task<ReconciliationReport> ReportAsync(IServiceProvider services) =>
        services.GetRequiredService<ReconciliationService>().GetAsync(Facility, new ReconciliationQuery(), CancellationToken.None);

    private static IDataProtector Protector(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("BackupRestoreTests");

    private static async Task<List<object>> CursorsAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
        return [.. await db.SyncCursors.AsNoTracking().OrderBy(c => c.Stream).ThenBy(c => c.FacilityId).ToListAsync()];
    }

    private static async Task<List<object>> DispatchesAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
        var dispatches = await db.JdeDispatches.AsNoTracking().OrderBy(d => d.Key).ToListAsync();
        var attempts = await db.JdeDispatchAttempts.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        return [.. dispatches, .. attempts];
    }

    /// <summary>
    /// The tables' contents, where Quartz's heartbeat (the clustered store's check-in time, rewritten every few seconds
    /// while the portal runs, so it may move between reading the source and the dump) counts by rows only.
    /// </summary>
    private async Task<Dictionary<string, TableContent>> ComparableContentsAsync(string connectionString)
    {
        var contents = await TableContentsAsync(connectionString);
        if (contents.TryGetValue("qrtz_scheduler_state", out var heartbeat))
        {
            contents["qrtz_scheduler_state"] = heartbeat with { Md5 = "" };
        }

        return contents;
    }

    /// <summary>The lake's files (keys relative to its root) and their SHA-256, without unfinished uploads.</summary>
    private static Dictionary<string, string> LakeFiles(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(k => !k.StartsWith(".uploads/", StringComparison.Ordinal))
            .ToDictionary(k => k, k => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(root, k)))));

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    /// <summary>Runs scripts/NAME with bash; stdout and stderr together, in order, for the assertion messages.</summary>
    internal static async Task<(int ExitCode, string Output)> RunScriptAsync(string name, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(DependencyRuleTests.RepositoryRoot(), "scripts", name));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"bash did not start scripts/{name}");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString().Replace("\r", "", StringComparison.Ordinal));
        }
    }

    protected sealed record TableContent(long Rows, string Md5);

    /// <summary>An empty database restore.sh restores into; <see cref="ConnectionString"/> reads it for the comparison.</summary>
    protected sealed record RestoreTarget(string ConnectionString, string[] RestoreArguments, IReadOnlyDictionary<string, string?> PortalSettings, IAsyncDisposable? Owner = null)
        : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Owner?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
