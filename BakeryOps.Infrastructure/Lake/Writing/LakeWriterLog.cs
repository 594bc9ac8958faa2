using Microsoft.Extensions.Logging;

namespace BakeryOps.Infrastructure.Lake.Writing;

internal static partial class LakeWriterLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information,
        Message = "Lake run {RunId} wrote {Rows} rows of {Dataset} (schema v{SchemaVersion}) in {FileCount} file(s), manifest {ManifestKey}, in {ElapsedMs} ms")]
    public static partial void RunWritten(ILogger logger, Guid runId, long rows, string dataset, int schemaVersion, int fileCount, string manifestKey, long elapsedMs);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "Lake file {Key}: {Rows} rows, {Size} bytes, SHA-256 {Sha256}")]
    public static partial void FileWritten(ILogger logger, string key, long rows, long size, string sha256);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning,
        Message = "Lake run {RunId} of {Dataset} refused by the schema registry; nothing written: {Reasons}")]
    public static partial void SchemaRefused(ILogger logger, Guid runId, string dataset, string reasons);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Error,
        Message = "Lake run {RunId} of {Dataset} failed after {Rows} rows; no file, dispatch log or manifest of it remains")]
    public static partial void RunFailed(ILogger logger, Exception exception, Guid runId, string dataset, long rows);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning,
        Message = "Lake store operation {Operation} failed (attempt {Attempt}); retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, Exception exception, string operation, int attempt, double delayMs);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning, Message = "Could not remove {Key} after a failed lake run")]
    public static partial void CleanupFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Information, Message = "Lake manifest {ManifestKey} verified: {FileCount} file(s) intact, chain link intact")]
    public static partial void ManifestVerified(ILogger logger, string manifestKey, int fileCount);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Warning, Message = "Lake manifest {ManifestKey} does not verify: {Problems}")]
    public static partial void ManifestInvalid(ILogger logger, string manifestKey, string problems);
}
