using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Api;

/// <summary>
/// 200 with a JSON body written in one pass by source-generated serialization code, straight into the response's
/// buffers. <c>TypedResults.Ok</c> streams through the generic converters instead once a body outgrows the
/// serializer's flush threshold, which every page of a list does, and spends most of a large page's time there.
/// The writer takes the encoder of the HTTP JSON options, so the bytes are those <c>TypedResults.Ok</c> writes.
/// </summary>
public sealed class JsonListResult<T>(T value, JsonTypeInfo<T> typeInfo)
    : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>
{
    public T Value => value;
    object? IValueHttpResult.Value => value;
    public int StatusCode => StatusCodes.Status200OK;
    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var encoder = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions.Encoder;
        httpContext.Response.StatusCode = StatusCode;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        // Headers first: Kestrel copies body bytes written before them once more.
        await httpContext.Response.StartAsync(httpContext.RequestAborted);
        await using (var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter, new JsonWriterOptions { Encoder = encoder }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
