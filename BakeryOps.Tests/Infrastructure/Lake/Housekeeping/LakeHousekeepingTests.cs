using System.Globalization;
using BakeryOps.Domain.Lake;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake;
using BakeryOps.Infrastructure.Lake.Housekeeping;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.Infrastructure.Lake.Writing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BakeryOps.Tests.Infrastructure.Lake.Housekeeping;

/// <summary>The lake housekeeping on a real store (folder or S3 server), database and schema registry, read back with DuckDB.</summary>
public abstract class LakeHousekeepingTests(DatabaseProvider provider) : LakeWriterTestBase(provider)
{
    private const int FilesPerDataset = 100;
    private static readonly string[] Datasets = ["cardex_changes", "item_master"];
    private static readonly DateOnly Day = DateOnly.FromDateTime(T0.UtcDateTime);

    [Fact]
    public async Task RunAsync_WhenAClosedDayHas100SmallFilesPerDataset_ThenOneFilePerDatasetWithIdenticalDuckDbCountsAndSumsAndEveryManifestVerifies()
    {
        await WriteSmallFilesAsync();
        var before = await FiguresAsync();
        Clock.SetUtcNow(T0.AddDays(1));

        var run = await NewHousekeeping().RunAsync("tests", default);

        run.Status.Should().Be("succeeded", run.Error);
        run.Counts[LakeHousekeeping.Counts.DaysCompacted].Should().Be(Datasets.Length);
        run.Counts[LakeHousekeeping.Counts.FilesReplaced].Should().Be(Datasets.Length * FilesPerDataset);
        run.Counts[LakeHousekeeping.Counts.FilesWritten].Should().Be(Datasets.Length);
        foreach (var dataset in Datasets)
        {
            (await DataKeysAsync(dataset)).Should().ContainSingle();
            (await DispatchLogsAsync()).Where(d => d.Dataset == dataset).Should().ContainSingle().Which.RowCount.Should().Be(FilesPerDataset * 3);
        }

        (await FiguresAsync()).Should().BeEquivalentTo(before);
        await AssertEveryManifestVerifiesAsync(expectedCount: Datasets.Length * (FilesPerDataset + 1));
        await AssertNoUploadPendingAsync();
    }

    [Fact]
    public async Task RunAsync_WhenTheManifestUploadFailsMidCompaction_ThenTheOldFilesStayAndTheLakeVerifies()
    {
        await WriteSmallFilesAsync();
        var before = await FiguresAsync();
        var logsBefore = await DispatchLogsAsync();
        Clock.SetUtcNow(T0.AddDays(1));
        var failing = new FailingManifestStore(Store);

        var run = await NewHousekeeping(failing).RunAsync("tests", default);

        failing.Failures.Should().BeGreaterThanOrEqualTo(Datasets.Length);
        run.Status.Should().Be("failed");
        run.Error.Should().Contain("Compacting cardex_changes of 2026-11-26 failed, its files are kept").And.Contain("injected");
        foreach (var dataset in Datasets)
        {
            (await DataKeysAsync(dataset)).Should().HaveCount(FilesPerDataset);
        }

        (await DispatchLogsAsync()).Should().BeEquivalentTo(logsBefore);
        (await FiguresAsync()).Should().BeEquivalentTo(before);
        await AssertEveryManifestVerifiesAsync(expectedCount: Datasets.Length * FilesPerDataset);
        await AssertNoUploadPendingAsync();
    }

    [Fact]
    public async Task RunDayAsync_WhenTodayIsCompactedAndMoreFilesArriveLater_ThenTheNextRunCompactsThemWithTheFirstOne()
    {
        await WriteSmallFilesAsync(files: 5);
        Clock.Advance(TimeSpan.FromMinutes(5));

        var first = await NewHousekeeping().RunDayAsync(Day, "tests", default);
        await WriteSmallFilesAsync(files: 3);
        var before = await FiguresAsync();
        var second = await NewHousekeeping().RunDayAsync(Day, "tests", default);

        first.Status.Should().Be("succeeded", first.Error);
        first.Counts[LakeHousekeeping.Counts.FilesReplaced].Should().Be(Datasets.Length * 5);
        second.Status.Should().Be("succeeded", second.Error);
        second.Counts[LakeHousekeeping.Counts.FilesReplaced].Should().Be(Datasets.Length * 4);
        foreach (var dataset in Datasets)
        {
            (await DataKeysAsync(dataset)).Should().ContainSingle();
        }

        (await FiguresAsync()).Should().BeEquivalentTo(before);
        await AssertEveryManifestVerifiesAsync(expectedCount: Datasets.Length * (5 + 1 + 3 + 1));
    }

    [Fact]
    public async Task RunAsync_WhenRetentionIsADryRun_ThenItCountsTheDaysDueAndKeepsThem_AndOtherwiseRemovesThemWithVerifiableManifests()
    {
        await WriteSmallFilesAsync(files: 2);
        Clock.SetUtcNow(T0.AddDays(10));
        var retention = new LakeRetentionOptions { DryRun = true, Days = new() { ["cardex_changes"] = 5 } };

        var dry = await NewHousekeeping(retention: retention).RunAsync("tests", default);
        var keptKeys = await DataKeysAsync("cardex_changes");
        retention.DryRun = false;
        var real = await NewHousekeeping(retention: retention).RunAsync("tests", default);

        dry.Status.Should().Be("succeeded", dry.Error);
        dry.Counts[LakeHousekeeping.Counts.RetentionFilesDue].Should().Be(2);
        keptKeys.Should().HaveCount(2);
        real.Status.Should().Be("succeeded", real.Error);
        real.Counts[LakeHousekeeping.Counts.RetentionFiles].Should().Be(2);
        (await DataKeysAsync("cardex_changes")).Should().BeEmpty();
        (await DataKeysAsync("item_master")).Should().HaveCount(2, "a dataset without retention is kept for ever");
        (await DispatchLogsAsync()).Should().OnlyContain(d => d.Dataset == "item_master");
        await AssertEveryManifestVerifiesAsync(expectedCount: Datasets.Length * 2 + 1);
    }

    [Fact]
    public async Task RunAsync_WhenReplacedFilesCouldNotBeDeleted_ThenTheyAreOwedAndTheNextRunDeletesThemOnceTheirManifestVerifies()
    {
        await WriteSmallFilesAsync(files: 4);
        var before = await FiguresAsync();
        Clock.SetUtcNow(T0.AddDays(1));
        var refusing = new RefusingDeleteStore(Store);

        var first = await NewHousekeeping(refusing).RunAsync("tests", default);

        first.Status.Should().Be("failed");
        first.Error.Should().Contain("4 replaced file(s) of cardex_changes on 2026-11-26 could not be deleted");
        first.Counts[LakeHousekeeping.Counts.DeletesLeft].Should().Be(Datasets.Length * 4);
        var owed = await OwedAsync();
        owed.Should().HaveCount(Datasets.Length * 4).And.OnlyContain(o => o.Attempts == 1 && o.LastError!.Contains("refused (injected)"));
        (await DataKeysAsync("cardex_changes")).Should().HaveCount(4 + 1, "the replaced files are still there, their rows doubled for now");

        // A compacted file that no longer matches its manifest: nothing it replaced may go, or its rows would be lost.
        var compacted = (await DispatchLogsAsync()).Single(d => d.Dataset == "cardex_changes").ObjectKey;
        var original = await ReadAllBytesAsync(compacted);
        await PutBytesAsync(compacted, [.. original.Take(original.Length - 1)]);
        var refused = await NewHousekeeping().RunAsync("tests", default);
        await PutBytesAsync(compacted, original);
        var second = await NewHousekeeping().RunAsync("tests", default);
        var third = await NewHousekeeping().RunAsync("tests", default);

        refused.Status.Should().Be("failed");
        refused.Error.Should().Contain("does not verify").And.Contain("the files it replaced are kept until it does");
        refused.Counts[LakeHousekeeping.Counts.LateDeletes].Should().Be(4, "item_master's manifest still verifies");
        refused.Counts[LakeHousekeeping.Counts.DeletesLeft].Should().Be(4);
        second.Status.Should().Be("succeeded", second.Error);
        second.Counts[LakeHousekeeping.Counts.LateDeletes].Should().Be(4);
        third.Counts[LakeHousekeeping.Counts.LateDeletes].Should().Be(0);
        (await OwedAsync()).Should().BeEmpty();
        foreach (var dataset in Datasets)
        {
            (await DataKeysAsync(dataset)).Should().ContainSingle();
        }

        (await FiguresAsync()).Should().BeEquivalentTo(before);
        await AssertEveryManifestVerifiesAsync(expectedCount: Datasets.Length * (4 + 1));
    }

    /// <summary>Nothing half-written lingers in the store's staging area (temporary files, open multipart uploads).</summary>
    protected abstract Task AssertNoUploadPendingAsync();

    protected LakeHousekeeping NewHousekeeping(ILakeStore? store = null, LakeRetentionOptions? retention = null)
    {
        store ??= Store;
        var lake = Options.Create(new LakeOptions { Prefix = Prefix });
        var writerOptions = Options.Create(new LakeWriterOptions());
        var writer = NewWriter(store: store);
        var verifier = new LakeVerifier(store, lake, Clock, NullLogger<LakeVerifier>.Instance);
        var compactor = new LakeCompactor(store, writer, verifier, NewRegistry(), Database.ContextFactory(), lake, writerOptions, Clock, NullLogger<LakeCompactor>.Instance);
        var retentionPart = new LakeRetention(store, writer, NewRegistry(), Database.ContextFactory(),
            Options.Create(retention ?? new LakeRetentionOptions()), Clock, NullLogger<LakeRetention>.Instance);
        var recorder = new SyncRunRecorder(
            Database.ContextFactory(), new SyncRunNotifications(NullLogger<SyncRunNotifications>.Instance), Options.Create(new SyncRunOptions()), Clock,
            NullLogger<SyncRunRecorder>.Instance);
        return new LakeHousekeeping(compactor, retentionPart, store, recorder, Options.Create(new LakeHousekeepingOptions()), lake, Clock,
            NullLogger<LakeHousekeeping>.Instance);
    }

    /// <summary>Small runs of every column type, as the outbox writes them a minute apart, ids unique across runs.</summary>
    private async Task WriteSmallFilesAsync(int files = FilesPerDataset)
    {
        var writer = NewWriter();
        for (var i = 0; i < files; i++)
        {
            foreach (var dataset in Datasets)
            {
                var offset = (int)(Clock.GetUtcNow() - T0).TotalSeconds * 10;
                var rows = TypedRow.Samples().Select(r => r with { Id = r.Id + offset }).ToList();
                await writer.WriteAsync(TypedRow.Table(dataset), rows, NewRun(), default);
            }

            Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private async Task<List<string>> DataKeysAsync(string dataset)
    {
        var partition = LakeKeys.Partition(Prefix, dataset, Day) + "/";
        return [.. (await KeysAsync()).Where(k => k.StartsWith(partition, StringComparison.Ordinal) && k.EndsWith(".parquet", StringComparison.Ordinal))];
    }

    /// <summary>What an analyst would check per dataset: rows, distinct ids and the sums of every numeric column.</summary>
    private async Task<Dictionary<string, string>> FiguresAsync()
    {
        var folder = await DownloadLakeAsync();
        var figures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var dataset in Datasets)
        {
            var source = LakeDuckDb.Source(folder, Prefix, dataset);
            var row = LakeDuckDb.Query(
                $"SELECT count(*) AS n, count(DISTINCT id) AS ids, sum(id) AS id_sum, sum(quantity) AS quantity_sum, sum(maybe_quantity) AS maybe_sum, " +
                $"count(maybe_flag) AS flags, sum(epoch_us(updated_at)) AS updated_sum, count(detail) AS details, string_agg(explanation, '|' ORDER BY id) AS texts FROM {source}").Single();
            figures[dataset] = string.Join(";", row.Select(kv => $"{kv.Key}={Convert.ToString(kv.Value, CultureInfo.InvariantCulture)}"));
        }

        return figures;
    }

    private async Task AssertEveryManifestVerifiesAsync(int expectedCount)
    {
        var manifests = (await KeysAsync(LakeKeys.ManifestFolder + "/")).Where(k => k.EndsWith(".json", StringComparison.Ordinal)).ToList();
        manifests.Should().HaveCount(expectedCount);
        var verifier = NewVerifier();
        foreach (var key in manifests)
        {
            var verification = await verifier.VerifyAsync(key, default);
            verification.Valid.Should().BeTrue($"{key}: {string.Join("; ", verification.Problems)}");
        }
    }

    private async Task<List<LakeReplacedObject>> OwedAsync()
    {
        await using var db = Database.ContextFactory().CreateDbContext();
        return await db.LakeReplacedObjects.AsNoTracking().ToListAsync();
    }

    private async Task<byte[]> ReadAllBytesAsync(string key)
    {
        await using var input = await Store.OpenReadAsync(key, default);
        using var copy = new MemoryStream();
        await input.CopyToAsync(copy);
        return copy.ToArray();
    }

    private async Task PutBytesAsync(string key, byte[] bytes)
    {
        await using var upload = await Store.BeginUploadAsync(key, default);
        await upload.Content.WriteAsync(bytes);
        await upload.CompleteAsync(default);
    }

    /// <summary>The real store, except that it refuses to delete data files.</summary>
    private sealed class RefusingDeleteStore(ILakeStore inner) : DelegatingLakeStore(inner)
    {
        public override Task DeleteAsync(string key, CancellationToken cancellationToken) =>
            key.EndsWith(".parquet", StringComparison.Ordinal)
                ? throw new IOException($"Deleting {key} was refused (injected)")
                : base.DeleteAsync(key, cancellationToken);
    }

    /// <summary>The real store, except that housekeeping manifests cannot be stored: the failure lands after the compacted files are written.</summary>
    private sealed class FailingManifestStore(ILakeStore inner) : DelegatingLakeStore(inner)
    {
        public int Failures { get; private set; }

        public override Task<ILakeUpload> BeginUploadAsync(string key, CancellationToken cancellationToken)
        {
            if (key.EndsWith(LakeManifest.HousekeepingSuffix + ".json", StringComparison.Ordinal))
            {
                Failures++;
                throw new IOException("The store refused the manifest (injected)");
            }

            return base.BeginUploadAsync(key, cancellationToken);
        }
    }
}
