using System.Text.Json;
using System.Text.Json.Serialization;
using BakeryOps.Infrastructure.Inventory;

namespace BakeryOps.Portal.Inventory;

/// <summary>
/// Compile-time JSON metadata for the Bakery Operations responses, ahead of the reflection-based resolver in the
/// HTTP JSON options: a list of 1,000 products is written without reflection or run-time code generation. The
/// options (web defaults, the HTTP encoder) stay the portal's, so the bytes are the same.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<ProductView>))]
[JsonSerializable(typeof(ProductView))]
[JsonSerializable(typeof(IReadOnlyList<MovementView>))]
[JsonSerializable(typeof(MovementView))]
internal sealed partial class BakeryOpsJsonContext : JsonSerializerContext
{
    public static IServiceCollection AddBakeryOpsJson(IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, Default));
}
