using System.Text;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Lake;
using BakeryOps.Domain.Schemas;
using BakeryOps.Infrastructure.Lake;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Schemas;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BakeryOps.Tests.Infrastructure.Schemas;

/// <summary>The registry on both providers, with its JSON copies in a real folder lake.</summary>
public abstract class SchemaRegistryTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Prefix = "jde-ingestion";
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 6, 0, 0, TimeSpan.Zero);

    private static readonly DatasetSchema V1 = new("bakery_ops_movements",
    [
        new SchemaField("id", SchemaFieldType.Int64, Nullable: false),
        new SchemaField("qty", SchemaFieldType.Decimal, Nullable: false, Precision: 18, Scale: 6),
        new SchemaField("reason", SchemaFieldType.String, Nullable: true, MaxLength: 200),
    ]);

    private static readonly DatasetSchema V2 = V1 with { Fields = [.. V1.Fields, new SchemaField("lot", SchemaFieldType.String, Nullable: true, MaxLength: 30)] };

    private readonly string _lakeFolder = Path.Combine(Path.GetTempPath(), $"bakeryops-schemas-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider _clock = new(T0);
    private TestDatabase _database = null!;
    private FolderLakeStore _store = null!;
    private SchemaRegistry _registry = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync(provider);
        _store = new FolderLakeStore(_lakeFolder);
        _registry = NewRegistry();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        if (Directory.Exists(_lakeFolder))
        {
            Directory.Delete(_lakeFolder, recursive: true);
        }
    }

    [Fact]
    public async Task RegisterAsync_WhenTheDatasetIsNew_ThenVersionOneIsCreatedWithItsJsonCopyInTheFolderLake()
    {
        var registration = await _registry.RegisterAsync(V1, "lake-writer", CancellationToken.None);

        registration.Should().Be(new SchemaRegistration(true, 1, true, registration.Incompatibilities));
        registration.Incompatibilities.Should().BeEmpty();
        var file = Path.Combine(_lakeFolder, Prefix, LakeKeys.SchemaFolder, V1.Dataset, "v1.json");
        File.Exists(file).Should().BeTrue();
        (await File.ReadAllTextAsync(file)).Should().Be(SchemaJson.Serialize(V1));
        var version = await _registry.GetVersionAsync(V1.Dataset, 1, CancellationToken.None);
        version!.Fingerprint.Should().Be(SchemaJson.Fingerprint(V1));
        version.CreatedBy.Should().Be("lake-writer");
        version.CreatedAt.Should().Be(T0);
        SchemaJson.Serialize(version.Schema).Should().Be(SchemaJson.Serialize(V1));
    }

    [Fact]
    public async Task RegisterAsync_WhenTheSchemaIsUnchanged_ThenNoVersionIsAdded()
    {
        await _registry.RegisterAsync(V1, "lake-writer", CancellationToken.None);
        var reordered = V1 with { Fields = [.. V1.Fields.Reverse()] };

        var again = await _registry.RegisterAsync(V1, "lake-writer", CancellationToken.None);
        var inAnotherOrder = await _registry.RegisterAsync(reordered, "lake-writer", CancellationToken.None);

        again.Should().Be(new SchemaRegistration(true, 1, false, again.Incompatibilities));
        inAnotherOrder.Should().Be(new SchemaRegistration(true, 1, false, inAnotherOrder.Incompatibilities));
        (await _registry.ListVersionsAsync(V1.Dataset, CancellationToken.None)).Should().ContainSingle();
    }

    [Fact]
    public async Task RegisterAsync_WhenTheDataFitsWithinTheCurrentVersion_ThenNoNarrowerVersionIsAdded()
    {
        await _registry.RegisterAsync(V1, "lake-writer", CancellationToken.None);
        var narrower = V1 with
        {
            Fields =
            [
                new SchemaField("id", SchemaFieldType.Int64, Nullable: false),
                new SchemaField("qty", SchemaFieldType.Decimal, Nullable: false, Precision: 8, Scale: 6),
                new SchemaField("reason", SchemaFieldType.String, Nullable: false, MaxLength: 12),
            ],
        };

        var registration = await _registry.RegisterAsync(narrower, "lake-writer", CancellationToken.None);

        registration.Should().Be(new SchemaRegistration(true, 1, false, registration.Incompatibilities));
        (await _registry.ListVersionsAsync(V1.Dataset, CancellationToken.None)).Should().ContainSingle();
    }

    [Fact]
    public async Task RegisterAsync_WhenACompatibleFieldIsAdded_ThenTheVersionIncrements()
    {
        await _registry.RegisterAsync(V1, "lake-writer", CancellationToken.None);
        _clock.SetUtcNow(T0.AddHours(1));

        var registration = await _registry.RegisterAsync(V2, "lake-writer", CancellationToken.None);

        registration.Should().Be(new SchemaRegistration(true, 2, true, registration.Incompatibilities));
        var versions = await _registry.ListVersionsAsync(V1.Dataset, CancellationToken.None);
        versions.Select(v => v.Version).Should().Equal(1, 2);
        versions[1].CreatedAt.Should().Be(T0.AddHours(1));
        var dataset = (await _registry.ListDatasetsAsync(CancellationToken.None)).Should().ContainSingle().Subject;
        dataset.Should().Be(new DatasetSummary(V1.Dataset, 2, CompatibilityMode.Backward, null, null, T0.AddHours(1)));
        await using var db = _database.CreateContext();
        (await db.SchemaVersions.SingleAsync(v => v.Version == 2)).Description.Should().Be("added lot.");
    }

    [Fact]
    public async Task RegisterAsync_WhenTheSchemaIsIncompatible_ThenItIsRefusedAndActionRequiredIsRecordedUntilALaterOneIsAccepted()
    {
        await _registry.RegisterAsync(V1, "lake-writer", CancellationToken.None);
        var incompatible = V1 with { Fields = [.. V1.Fields, new SchemaField("batch_number", SchemaFieldType.String, Nullable: false)] };
        _clock.SetUtcNow(T0.AddMinutes(5));

        var refused = await _registry.RegisterAsync(incompatible, "lake-writer", CancellationToken.None);

        refused.Accepted.Should().BeFalse();
        refused.Version.Should().BeNull();
        refused.Created.Should().BeFalse();
        refused.Incompatibilities.Should().ContainSingle().Which.Should().Contain("'batch_number'");
        var flagged = (await _registry.ListDatasetsAsync(CancellationToken.None)).Single();
        flagged.ActionRequired.Should().Contain("'batch_number'").And.Contain("Backward");
        flagged.ActionRequiredAt.Should().Be(T0.AddMinutes(5));
        (await _registry.ListVersionsAsync(V1.Dataset, CancellationToken.None)).Should().ContainSingle();
        File.Exists(Path.Combine(_lakeFolder, Prefix, LakeKeys.SchemaFolder, V1.Dataset, "v2.json")).Should().BeFalse();

        var accepted = await _registry.RegisterAsync(V2, "lake-writer", CancellationToken.None);

        accepted.Should().Be(new SchemaRegistration(true, 2, true, accepted.Incompatibilities));
        var cleared = (await _registry.ListDatasetsAsync(CancellationToken.None)).Single();
        cleared.ActionRequired.Should().BeNull();
        cleared.ActionRequiredAt.Should().BeNull();
    }

    [Fact]
    public async Task RegisterAsync_WhenAnUnchangedSchemaFollowsARefusal_ThenActionRequiredIsCleared()
    {
        await _registry.RegisterAsync(V1, "lake-writer", CancellationToken.None);
        await _registry.SetCompatibilityAsync(V1.Dataset, CompatibilityMode.Forward, "admin", CancellationToken.None);
        (await _registry.RegisterAsync(V1 with { Fields = [V1.Fields[0]] }, "lake-writer", CancellationToken.None)).Accepted.Should().BeFalse();

        var registration = await _registry.RegisterAsync(V1, "lake-writer", CancellationToken.None);

        registration.Should().Be(new SchemaRegistration(true, 1, false, registration.Incompatibilities));
        (await _registry.ListDatasetsAsync(CancellationToken.None)).Single().ActionRequired.Should().BeNull();
    }

    [Fact]
    public async Task SetCompatibilityAsync_WhenTheModeIsSet_ThenItDecidesTheNextRegistrationAndClearsActionRequired()
    {
        await _registry.RegisterAsync(V1, "lake-writer", CancellationToken.None);
        var requiredAdded = V1 with { Fields = [.. V1.Fields, new SchemaField("batch_number", SchemaFieldType.String, Nullable: false)] };
        (await _registry.RegisterAsync(requiredAdded, "lake-writer", CancellationToken.None)).Accepted.Should().BeFalse();
        _clock.SetUtcNow(T0.AddDays(1));

        var summary = await _registry.SetCompatibilityAsync(V1.Dataset, CompatibilityMode.None, "admin", CancellationToken.None);

        summary.Should().Be(new DatasetSummary(V1.Dataset, 1, CompatibilityMode.None, null, null, T0.AddDays(1)));
        (await _registry.RegisterAsync(requiredAdded, "lake-writer", CancellationToken.None)).Should().Match<SchemaRegistration>(r => r.Accepted && r.Version == 2 && r.Created);
        await using var db = _database.CreateContext();
        (await db.DatasetSettings.SingleAsync()).UpdatedBy.Should().Be("admin");
    }

    [Fact]
    public async Task SetCompatibilityAsync_WhenTheDatasetHasNoVersionYet_ThenItIsListedWithItsMode()
    {
        await _registry.SetCompatibilityAsync("item_master", CompatibilityMode.FullTransitive, "admin", CancellationToken.None);

        var datasets = await _registry.ListDatasetsAsync(CancellationToken.None);

        datasets.Should().Equal(new DatasetSummary("item_master", null, CompatibilityMode.FullTransitive, null, null, T0));
    }

    [Fact]
    public async Task RegisterAsync_WhenTwentyRegistrationsOfTheSameNewSchemaRace_ThenExactlyOneVersionIsCreated()
    {
        await _registry.RegisterAsync(V1, "lake-writer", CancellationToken.None);
        const int Nodes = 20;

        // Every node has read version 1 and chosen version 2 before any of them saves, so 19 inserts must collide.
        var barrier = new SaveBarrier(Nodes);
        var nodes = Enumerable.Range(0, Nodes).Select(_ => NewRegistry(_database.ContextFactory(barrier))).ToList();
        var registrations = await Task.WhenAll(nodes.Select(node => Task.Run(() => node.RegisterAsync(V2, "lake-writer", CancellationToken.None))));

        barrier.AllArrived.Should().BeTrue("all {0} nodes reached their insert together", Nodes);
        registrations.Should().OnlyContain(r => r.Accepted && r.Version == 2);
        registrations.Count(r => r.Created).Should().Be(1);
        (await _registry.ListVersionsAsync(V1.Dataset, CancellationToken.None)).Select(v => v.Version).Should().Equal(1, 2);
    }

    [Fact]
    public async Task RegisterAsync_WhenTheLakeCopyIsMissing_ThenTheNextRegistrationWritesIt()
    {
        await _registry.RegisterAsync(V1, "lake-writer", CancellationToken.None);
        var key = LakeKeys.SchemaFile(Prefix, V1.Dataset, 1);
        await _store.DeleteAsync(key, CancellationToken.None);

        await _registry.RegisterAsync(V1, "lake-writer", CancellationToken.None);

        await using var stream = await _store.OpenReadAsync(key, CancellationToken.None);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        (await reader.ReadToEndAsync()).Should().Be(SchemaJson.Serialize(V1));
    }

    [Fact]
    public async Task GetVersionAsync_WhenTheVersionDoesNotExist_ThenItIsNullAndABadDatasetNameIsRefused()
    {
        (await _registry.GetVersionAsync(V1.Dataset, 99, CancellationToken.None)).Should().BeNull();
        (await _registry.ListVersionsAsync("unknown", CancellationToken.None)).Should().BeEmpty();

        var act = () => _registry.ListVersionsAsync("../etc", CancellationToken.None);

        await act.Should().ThrowAsync<RequestValidationException>();
    }

    private SchemaRegistry NewRegistry(IDbContextFactory<BakeryOpsDbContext>? contexts = null) => new(
        contexts ?? _database.ContextFactory(), _store, Options.Create(new LakeOptions { Prefix = Prefix }), _clock, NullLogger<SchemaRegistry>.Instance);

    /// <summary>Holds each save until the given number of saves are waiting (or a few seconds passed), then lets all go at once.</summary>
    private sealed class SaveBarrier(int participants) : SaveChangesInterceptor
    {
        // Waiting asynchronously: twenty blocked pool threads would starve the connections being opened meanwhile.
        private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public bool AllArrived => _allArrived.Task.IsCompletedSuccessfully;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _arrived) == participants)
            {
                _allArrived.TrySetResult();
            }

            try
            {
                await _allArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
            catch (TimeoutException)
            {
                // Reported by AllArrived; the saves still run so the test ends.
            }

            return result;
        }
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteSchemaRegistryTests() : SchemaRegistryTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresSchemaRegistryTests() : SchemaRegistryTests(DatabaseProvider.Postgres);
