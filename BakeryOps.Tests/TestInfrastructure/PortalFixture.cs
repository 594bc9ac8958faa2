using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>A running portal on a fresh database of one provider, shared by the tests of a class.</summary>
public abstract class PortalFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private PortalFactory? _factory;

    public abstract DatabaseProvider Provider { get; }

    /// <summary>Configuration on top of the test defaults, for fixtures that need a differently set-up portal.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>Test services for fixtures that need them (a log sink, a fake); added before the server starts.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialised.");
    public PortalFactory Factory => _factory ?? throw new InvalidOperationException("The fixture is not initialised.");
    public IServiceProvider Services => Factory.Services;

    public HttpClient CreateClient(bool cookies = false) => Factory.CreateHttpClient(cookies);

    /// <summary>Creates an account with the given roles through the portal's own UserManager.</summary>
    public async Task CreateUserAsync(string userName, string password, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = userName };
        var created = await users.CreateAsync(user, password);
        created.Succeeded.Should().BeTrue(string.Join(" ", created.Errors.Select(e => e.Description)));
        if (roles.Length > 0)
        {
            (await users.AddToRolesAsync(user, roles)).Succeeded.Should().BeTrue();
        }
    }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync(Provider);
        var settings = new Dictionary<string, string?>(Settings)
        {
            ["Database:Provider"] = Provider.ToString(),
            ["Database:ConnectionString"] = _database.ConnectionString,
        };
        _factory = new PortalFactory(settings);
        _factory.ConfigureTestServices(ConfigureServices);
        _ = _factory.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

public sealed class SqlitePortalFixture : PortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresPortalFixture : PortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
