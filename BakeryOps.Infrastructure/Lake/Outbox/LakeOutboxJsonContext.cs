using System.Text.Json.Serialization;

namespace BakeryOps.Infrastructure.Lake.Outbox;

/// <summary>
/// How outbox rows are kept while they wait: snake_case names (the lake's column names) and exact decimals. Reading
/// numbers from strings accepts payloads queued before rows were typed, which kept decimals as text.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(BakeryOpsProductRecord))]
[JsonSerializable(typeof(BakeryOpsMovementRecord))]
[JsonSerializable(typeof(JdeDispatchAttemptRecord))]
[JsonSerializable(typeof(FromBakeryOpsRecord))]
internal sealed partial class LakeOutboxJsonContext : JsonSerializerContext;
