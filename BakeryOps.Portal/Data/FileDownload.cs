using Microsoft.Net.Http.Headers;

namespace BakeryOps.Portal.Data;

/// <summary>Writes a response as a named file download (CSV pages, reconciliation and pivot exports).</summary>
internal static class FileDownload
{
    /// <summary>
    /// The body is written to memory first: neither CsvHelper nor MiniExcel may flush synchronously into the response
    /// body, where Kestrel forbids synchronous writes. Exports are bounded (a page, a report, a capped pivot).
    /// </summary>
    public static async Task WriteAsync(HttpContext httpContext, string fileName, string contentType, Func<Stream, CancellationToken, Task> write)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        response.Headers.ContentDisposition = disposition.ToString();
        using var buffer = new MemoryStream();
        await write(buffer, httpContext.RequestAborted);
        response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(response.Body, httpContext.RequestAborted);
    }
}
