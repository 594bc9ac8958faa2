using System.Security.Cryptography;
using BakeryOps.Domain.Identity;
using BakeryOps.Domain.Lake;
using BakeryOps.Infrastructure.Lake;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Schemas;
using BakeryOps.Portal.Identity;
using BakeryOps.Infrastructure.Lake.Catalog;
using BakeryOps.Infrastructure.Lake.Reading;
using BakeryOps.Tests.Portal.Lake;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>
/// A bUnit context for the lake pages over a migrated SQLite file, a real folder store in a temporary directory, the
/// real schema registry and manifest verifier. Signed in as a planner, or as an Admin when asked.
/// </summary>
public sealed class LakePageContext : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

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

        Bunit = new BunitContext();
        Bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        Bunit.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        Bunit.Services.AddSingleton<IDbContextFactory<BakeryOpsDbContext>>(contexts);
        Bunit.Services.AddSingleton<ILakeStore>(Store);
        Bunit.Services.AddSingleton<IOptions<LakeOptions>>(options);
        Bunit.Services.AddSingleton<ISchemaRegistry>(Registry);
        Bunit.Services.AddSingleton<LakeCatalog>();
        Bunit.Services.AddSingleton<LakeObjectReader>();
        Bunit.Services.AddSingleton<LakeManifests>();
        Bunit.Services.AddSingleton<SchemaCatalog>();
        Bunit.Services.AddSingleton<ILakeVerifier>(new LakeVerifier(Store, options, TimeProvider.System, NullLogger<LakeVerifier>.Instance));
        var auth = Bunit.AddAuthorization();
        auth.SetAuthorized(admin ? "admin" : "planner");
        auth.SetRoles(admin ? Roles.Admin : Roles.Planner);
        auth.SetPolicies(admin ? [Policies.Read, Policies.WriteInventory, Policies.Plan, Policies.Admin] : [Policies.Read, Policies.WriteInventory, Policies.Plan]);
        Bunit.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Popovers = Bunit.Render<MudPopoverProvider>();
    }

    public BunitContext Bunit { get; }
    public FolderLakeStore Store { get; }
    public SchemaRegistry Registry { get; }
    public IRenderedComponent<MudPopoverProvider> Popovers { get; }
    public IServiceProvider Services => Bunit.Services;

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

    /// <summary>Opens a MudSelect (its input carries the id) and picks the item with this text.</summary>
    public async Task SelectAsync(IRenderedComponent<IComponent> cut, string inputSelector, string itemText)
    {
        await cut.Find(inputSelector).Closest(".mud-input-control")!.MouseDownAsync(new MouseEventArgs());
        Popovers.WaitForAssertion(() => Popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim()).Should().Contain(itemText), Wait);
        await Popovers.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == itemText).ClickAsync(new MouseEventArgs());
    }

    public async ValueTask DisposeAsync()
    {
        await Bunit.DisposeAsync();
        await _database.DisposeAsync();
        if (Directory.Exists(_lakeFolder))
        {
            Directory.Delete(_lakeFolder, recursive: true);
        }
    }
}
