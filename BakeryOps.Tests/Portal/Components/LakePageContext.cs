using System.Security.Cryptography;
using BakeryOps.Domain.Identity;
using BakeryOps.Domain.Lake;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Schemas;
using BakeryOps.Infrastructure.Lake.Catalog;
using BakeryOps.Infrastructure.Lake.Reading;
using BakeryOps.Tests.Portal.Lake;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>
/// The lake pages over a migrated SQLite file, a real folder store in a temporary directory, the real schema registry
/// and manifest verifier. Signed in as a planner, or as an Admin when asked.
/// </summary>
public sealed class LakePageContext : PortalTestContext
{
    private readonly TestDatabase _database;
    private readonly string _lakeFolder;

    private LakePageContext(TestDatabase database, string lakeFolder, bool admin)
    {
        _database = database;
        _lakeFolder = lakeFolder;
        Store = new FolderLakeStore(lakeFolder);
        var options = Options.Create(new LakeOptions());
        var contexts = database.ContextFactory();
        Registry = new SchemaRegistry(contexts, Store, options, TimeProvider.System, NullLogger<SchemaRegistry>.Instance);

        Services.AddSingleton(contexts);
        Services.AddSingleton<ILakeStore>(Store);
        Services.AddSingleton(options);
        Services.AddSingleton<ISchemaRegistry>(Registry);
        Services.AddSingleton<LakeCatalog>();
        Services.AddSingleton<LakeObjectReader>();
        Services.AddSingleton<LakeManifests>();
        Services.AddSingleton<SchemaCatalog>();
        // The lake page shows the last lake-housekeeping run.
        Services.AddSingleton<SyncRunCatalog>();
        // The Schemas page records an administrator's change of a dataset's compatibility.
        Services.AddSingleton<AuditNotifications>();
        Services.AddSingleton<AuditLog>();
        Services.AddSingleton<ILakeVerifier>(new LakeVerifier(Store, options, TimeProvider.System, NullLogger<LakeVerifier>.Instance));
        SignIn(admin ? "admin" : "planner", admin ? Roles.Admin : Roles.Planner);
        StartCircuit();
    }

    public FolderLakeStore Store { get; }
    public SchemaRegistry Registry { get; }

    public static async Task<LakePageContext> CreateAsync(bool admin = false)
    {
        var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        var folder = Path.Combine(Path.GetTempPath(), $"bakeryops-lake-page-{Guid.NewGuid():N}");
        return new LakePageContext(database, folder, admin);
    }

    /// <summary>A manifest for files already in the lake, as the writer records it, with the real sizes and hashes.</summary>
    public async Task<string> AddManifestAsync(string dataset, Guid runId, params DispatchLog[] files)
    {
        var at = files.Max(f => f.CreatedAt);
        var key = LakeKeys.Manifest(new LakeOptions().Prefix, dataset, at, Guid.NewGuid().ToString("N")[..12]);
        var manifest = new LakeManifest(LakeManifest.CurrentFormatVersion, runId, dataset, 1, "test", null,
            [.. files.Select(f => new LakeManifestFile(f.ObjectKey, f.RowCount, f.SizeBytes, f.Sha256))], files.Sum(f => f.RowCount), at, null, null);
        await LakeTestData.PutAsync(Services, key, manifest.ToUtf8Json());
        return key;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _database.DisposeAsync();
        if (Directory.Exists(_lakeFolder))
        {
            Directory.Delete(_lakeFolder, recursive: true);
        }
    }
}
