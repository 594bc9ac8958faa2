using BakeryOps.Infrastructure.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the provider chosen by <see cref="DatabaseSettings"/>: the sealed provider context, the
    /// <see cref="BakeryOpsDbContext"/> alias (scoped, for Identity and endpoints) and an
    /// <see cref="IDbContextFactory{TContext}"/> of the base type (for components and jobs). EF interceptors registered as
    /// <see cref="IInterceptor"/> services (such as the lake outbox) apply to every context.
    /// </summary>
    public static IHostApplicationBuilder AddPersistence(this IHostApplicationBuilder builder, DataDirectory dataDirectory)
    {
        // Read eagerly: the provider decides which context type is registered.
        var options = DatabaseSettings.Resolve(builder.Configuration, dataDirectory.Path);
        builder.Services.TryAddSingleton(Options.Create(options));

        _ = options.Provider switch
        {
            DatabaseProvider.Sqlite => builder.Services.AddProviderContext<SqliteBakeryOpsDbContext>((sp, o) =>
                o.UseSqlite(options.ConnectionString, sql => sql.CommandTimeout(options.CommandTimeoutSeconds))
                    .AddInterceptors(sp.GetServices<IInterceptor>())),
            DatabaseProvider.Postgres => builder.Services.AddProviderContext<PostgresBakeryOpsDbContext>((sp, o) =>
                o.UseNpgsql(options.ConnectionString, npgsql => npgsql.CommandTimeout(options.CommandTimeoutSeconds))
                    .AddInterceptors(sp.GetServices<IInterceptor>())),
            _ => throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not supported."),
        };

        builder.Services.TryAddSingleton<DatabaseMigrator>();
        return builder;
    }

    private static IServiceCollection AddProviderContext<TContext>(
        this IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> configure)
        where TContext : BakeryOpsDbContext
    {
        services.AddDbContextFactory<TContext>(configure);
        services.TryAddScoped<BakeryOpsDbContext>(sp => sp.GetRequiredService<TContext>());
        services.TryAddSingleton<IDbContextFactory<BakeryOpsDbContext>>(sp =>
            new BaseContextFactory<TContext>(sp.GetRequiredService<IDbContextFactory<TContext>>()));
        return services;
    }

    private sealed class BaseContextFactory<TContext>(IDbContextFactory<TContext> inner)
        : IDbContextFactory<BakeryOpsDbContext>
        where TContext : BakeryOpsDbContext
    {
        public BakeryOpsDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<BakeryOpsDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
