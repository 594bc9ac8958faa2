using BakeryOps.Domain.Lake;
using BakeryOps.Infrastructure.Lake;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Schemas;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BakeryOps.Tests.Infrastructure.Lake.Writing;

/// <summary>
/// A real store (folder or S3 server), a real migrated database and the real schema registry; each test has its own
/// lake prefix, so tests sharing a bucket never see each other's runs.
/// </summary>
public abstract class LakeWriterTestBase(DatabaseProvider provider) : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 26, 6, 30, 15, TimeSpan.Zero);

    private readonly List<string> _temporaryFolders = [];
    private readonly LakeRunGate _gate = new();

    protected string Prefix { get; } = $"lake-{Guid.NewGuid():N}"[..17];
    protected FakeTimeProvider Clock { get; } = new RealTimersFakeTimeProvider(T0);
    protected TestDatabase Database { get; private set; } = null!;
    protected abstract ILakeStore Store { get; }

    public async Task InitializeAsync() => Database = await TestDatabase.CreateMigratedAsync(provider);

    public virtual async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        foreach (var folder in _temporaryFolders.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A writer sharing this test's gate, as in one process; <paramref name="gate"/> stands for another process.</summary>
    protected LakeWriter NewWriter(LakeWriterOptions? options = null, ILakeStore? store = null, LakeRunGate? gate = null) => new(
        store ?? Store,
        NewRegistry(),
        Database.ContextFactory(),
        gate ?? _gate,
        Options.Create(new LakeOptions { Prefix = Prefix }),
        Options.Create(options ?? new LakeWriterOptions()),
        Clock,
        NullLogger<LakeWriter>.Instance);

    protected SchemaRegistry NewRegistry() => new(
        Database.ContextFactory(), Store, Options.Create(new LakeOptions { Prefix = Prefix }), Clock, NullLogger<SchemaRegistry>.Instance);

    protected LakeVerifier NewVerifier() =>
        new(Store, Options.Create(new LakeOptions { Prefix = Prefix }), Clock, NullLogger<LakeVerifier>.Instance);

    protected static LakeRun NewRun(string? sourceRange = null) => new(Guid.NewGuid(), "tests", sourceRange);

    protected string TemporaryFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"bakeryops-lakewriter-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        _temporaryFolders.Add(folder);
        return folder;
    }

    protected async Task<List<string>> KeysAsync(string under = "")
    {
        var keys = new List<string>();
        await foreach (var item in Store.ListAsync(Prefix + "/" + under, null, default))
        {
            keys.Add(item.Key);
        }

        return keys;
    }

    /// <summary>
    /// The lake's objects under the prefix, copied to a local folder with the same layout, because DuckDB reads local
    /// files only here (no httpfs offline, and the S3 server's own folder is not a plain file tree).
    /// </summary>
    protected async Task<string> DownloadLakeAsync()
    {
        var folder = TemporaryFolder();
        foreach (var key in await KeysAsync())
        {
            var path = Path.Combine(folder, key.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var source = await Store.OpenReadAsync(key, default);
            await using var target = File.Create(path);
            await source.CopyToAsync(target);
        }

        return folder;
    }

    protected async Task<List<DispatchLog>> DispatchLogsAsync()
    {
        await using var db = Database.CreateContext();
        return await db.DispatchLogs.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
    }

    protected async Task ReplaceAsync(string key, byte[] content)
    {
        await using var upload = await Store.BeginUploadAsync(key, default);
        await upload.Content.WriteAsync(content);
        await upload.CompleteAsync(default);
    }

    protected async Task<byte[]> ReadAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key, default);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}

/// <summary>The S3 store on a bucket of the S3 protocol server, with a part size small enough that big files go up in parts.</summary>
internal static class S3TestStores
{
    public static S3LakeStore Create(S3TestBucket bucket)
    {
        var options = new LakeS3Options
        {
            Bucket = bucket.Name,
            ServiceUrl = TestEnvironment.S3ServiceUrl.ToString(),
            ForcePathStyle = true,
            AccessKeyId = TestEnvironment.S3AccessKey,
            SecretAccessKey = TestEnvironment.S3SecretKey,
            PartSizeMb = LakeS3Options.MinimumPartSizeMb,
        };
        return new S3LakeStore(S3ClientFactory.Create(options), options, NullLogger<S3LakeStore>.Instance);
    }
}
