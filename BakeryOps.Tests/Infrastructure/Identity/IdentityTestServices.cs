using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Infrastructure.Identity;

/// <summary>
/// Identity over a migrated SQLite file with the portal's roles, plus <see cref="UserAdministration"/>.
/// The file is removed on dispose.
/// </summary>
public sealed class IdentityTestServices : IAsyncDisposable
{
    public const string StrongPassword = "Correct-Horse-42";

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"bakeryops-identity-{Guid.NewGuid():N}.db");

    private IdentityTestServices() => Services = Build(_path);

    public ServiceProvider Services { get; }

    /// <summary>The service under test. It only holds singletons, so one instance can serve a bUnit context too.</summary>
    public UserAdministration Administration => ActivatorUtilities.CreateInstance<UserAdministration>(Services);

    public static async Task<IdentityTestServices> CreateAsync()
    {
        var services = new IdentityTestServices();
        await using var scope = services.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SqliteBakeryOpsDbContext>().Database.MigrateAsync();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            (await roles.CreateAsync(new IdentityRole(role))).Succeeded.Should().BeTrue();
        }

        return services;
    }

    /// <summary>Creates a user directly through Identity, bypassing the rules under test.</summary>
    public async Task<ApplicationUser> AddUserAsync(string userName, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = userName, DisplayName = userName, CreatedAt = DateTimeOffset.UtcNow };
        (await users.CreateAsync(user, StrongPassword)).Succeeded.Should().BeTrue();
        (await users.AddToRolesAsync(user, roles)).Succeeded.Should().BeTrue();
        return user;
    }

    /// <summary>A fresh read of the stored user, or null when it does not exist.</summary>
    public async Task<ApplicationUser?> FindAsync(string userName)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync(userName);
    }

    public async Task<IList<string>> RolesOfAsync(string userName)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No user {userName}.");
        return await users.GetRolesAsync(user);
    }

    public async Task<bool> CheckPasswordAsync(string userName, string password)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No user {userName}.");
        return await users.CheckPasswordAsync(user, password);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    private static ServiceProvider Build(string path)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContextFactory<SqliteBakeryOpsDbContext>(o => o.UseSqlite($"Data Source={path}"));
        services.AddScoped<BakeryOpsDbContext>(sp => sp.GetRequiredService<SqliteBakeryOpsDbContext>());
        services.AddIdentityCore<ApplicationUser>(o => o.Password.RequiredLength = 12)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<BakeryOpsDbContext>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<BakeryOps.Infrastructure.Identity.Tokens.UserRevocations>();
        services.AddSingleton<IDbContextFactory<BakeryOpsDbContext>>(sp => new AnyProviderFactory(sp.GetRequiredService<IDbContextFactory<SqliteBakeryOpsDbContext>>()));
        services.AddSingleton<AuditNotifications>().AddSingleton<AuditLog>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    // The audit log takes the provider-neutral factory, as the portal registers it.
    private sealed class AnyProviderFactory(IDbContextFactory<SqliteBakeryOpsDbContext> inner) : IDbContextFactory<BakeryOpsDbContext>
    {
        public BakeryOpsDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
