using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BakeryOps.Infrastructure.Schemas;

public static class SchemaServiceCollectionExtensions
{
    /// <summary>The schema registry and the catalog the API and pages read it through; the registry keeps JSON copies in the lake.</summary>
    public static IHostApplicationBuilder AddSchemaRegistry(this IHostApplicationBuilder builder)
    {
        // A singleton over the context factory: the lake writer and background flows use it outside any request scope.
        builder.Services.TryAddSingleton<ISchemaRegistry, SchemaRegistry>();
        builder.Services.TryAddSingleton<SchemaCatalog>();
        return builder;
    }
}
