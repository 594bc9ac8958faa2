using BakeryOps.Infrastructure.Schemas;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BakeryOps.Portal.Lake;

public static class SchemaRegistrySetup
{
    /// <summary>The schema registry; it needs the lake store (<see cref="LakeSetup.AddLake"/>) for the JSON copies.</summary>
    public static IHostApplicationBuilder AddSchemaRegistry(this IHostApplicationBuilder builder)
    {
        // A singleton over the context factory: the lake writer and background flows use it outside any request scope.
        builder.Services.TryAddSingleton<ISchemaRegistry, SchemaRegistry>();
        builder.Services.TryAddSingleton<SchemaCatalog>();
        return builder;
    }
}
