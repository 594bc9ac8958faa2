using Microsoft.Extensions.Logging;

namespace BakeryOps.Infrastructure.Lake.Housekeeping;

internal static partial class LakeHousekeepingLog
{
    [LoggerMessage(EventId = 5241, Level = LogLevel.Information, Message = "Lake compaction of {Dataset} on {Day}: {FilesBefore} files into {FilesAfter} ({Rows} rows), manifest {ManifestKey}")]
    public static partial void Compacted(ILogger logger, string dataset, DateOnly day, int filesBefore, int filesAfter, long rows, string manifestKey);

    [LoggerMessage(EventId = 5242, Level = LogLevel.Error, Message = "Lake compaction of {Dataset} on {Day} failed; its files are left as they were")]
    public static partial void CompactionFailed(ILogger logger, Exception exception, string dataset, DateOnly day);

    [LoggerMessage(EventId = 5243, Level = LogLevel.Error, Message = "Lake housekeeping of {Dataset} on {Day} failed")]
    public static partial void DayFailed(ILogger logger, Exception exception, string dataset, DateOnly day);

    [LoggerMessage(EventId = 5244, Level = LogLevel.Warning, Message = "Lake object {Key} could not be deleted; the next housekeeping run tries again")]
    public static partial void DeleteFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 5245, Level = LogLevel.Information, Message = "Lake retention of {Dataset}: {Files} files ({Bytes} bytes) of {Day} {Action}")]
    public static partial void Retention(ILogger logger, string dataset, DateOnly day, int files, long bytes, string action);

    [LoggerMessage(EventId = 5246, Level = LogLevel.Error, Message = "Sweeping the lake's abandoned uploads failed")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5247, Level = LogLevel.Error, Message = "Deleting the lake files earlier compactions replaced failed")]
    public static partial void LeftoversFailed(ILogger logger, Exception exception);
}
