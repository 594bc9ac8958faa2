using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace BakeryOps.Infrastructure.Telemetry;

/// <summary>
/// The product's instruments on the <c>BakeryOps</c> meter. Every name, unit and tag here is listed in
/// docs/operations.md ("Metrics and traces") and drawn by deploy/grafana/bakeryops.json; change them together.
/// </summary>
public static class BakeryOpsMetrics
{
    public const string JobTag = "bakeryops.job";
    public const string StatusTag = "bakeryops.status";
    public const string OutcomeTag = "bakeryops.outcome";
    public const string DatasetTag = "bakeryops.dataset";
    public const string KindTag = "bakeryops.kind";
    public const string ReasonTag = "bakeryops.reason";

    private static readonly Histogram<long> SyncRows = BakeryOpsTelemetry.Meter.CreateHistogram<long>(
        "bakeryops.sync.rows", "{row}", "Rows of one sync run by outcome (read, applied, quarantined, skipped).",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [0, 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000] });

    private static readonly Counter<long> Dispatches = BakeryOpsTelemetry.Meter.CreateCounter<long>(
        "bakeryops.dispatch.attempts", "{attempt}", "Postings to JD Edwards and read-backs by outcome (posted, found, not-found, transient, refused, unknown).");

    private static readonly Counter<long> LakeRows = BakeryOpsTelemetry.Meter.CreateCounter<long>(
        "bakeryops.lake.rows", "{row}", "Rows written to the lake per dataset.");

    private static readonly Counter<long> LakeBytes = BakeryOpsTelemetry.Meter.CreateCounter<long>(
        "bakeryops.lake.bytes", "By", "Parquet bytes written to the lake per dataset.");

    private static readonly Counter<long> LakeFiles = BakeryOpsTelemetry.Meter.CreateCounter<long>(
        "bakeryops.lake.files", "{file}", "Parquet files written to the lake per dataset.");

    private static readonly Histogram<double> JobDuration = BakeryOpsTelemetry.Meter.CreateHistogram<double>(
        "bakeryops.job.duration", "s", "How long each recorded background job run took, by job and final status.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 5, 15, 30, 60, 300, 900, 3600] });

    private static readonly Counter<long> JobFailures = BakeryOpsTelemetry.Meter.CreateCounter<long>(
        "bakeryops.job.failures", "{run}", "Recorded background job runs that ended failed.");

    private static readonly Counter<long> OnHandRefused = BakeryOpsTelemetry.Meter.CreateCounter<long>(
        "bakeryops.inventory.onhand.refused", "{write}", "Stock movements refused because on-hand or a batch would go below zero.");

    // The depth is read when the outbox is looked at anyway (every batching pass), not by a query at scrape time.
    private static readonly ConcurrentDictionary<string, long> OutboxDepths = new(StringComparer.Ordinal);

    static BakeryOpsMetrics() =>
        BakeryOpsTelemetry.Meter.CreateObservableGauge(
            "bakeryops.lake.outbox.depth",
            () => OutboxDepths.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>(DatasetTag, d.Key))),
            "{record}", "Records waiting in the lake outbox per dataset, as of the last batching pass.");

    public static void SyncRun(string job, string outcome, long rows) =>
        SyncRows.Record(rows, new KeyValuePair<string, object?>(JobTag, job), new KeyValuePair<string, object?>(OutcomeTag, outcome));

    public static void Dispatch(string kind, string outcome) =>
        Dispatches.Add(1, new KeyValuePair<string, object?>(KindTag, kind), new KeyValuePair<string, object?>(OutcomeTag, outcome));

    public static void LakeWritten(string dataset, long rows, long bytes, int files)
    {
        var tag = new KeyValuePair<string, object?>(DatasetTag, dataset);
        LakeRows.Add(rows, tag);
        LakeBytes.Add(bytes, tag);
        LakeFiles.Add(files, tag);
    }

    public static void JobRun(string job, string status, TimeSpan duration)
    {
        var jobTag = new KeyValuePair<string, object?>(JobTag, job);
        JobDuration.Record(duration.TotalSeconds, jobTag, new KeyValuePair<string, object?>(StatusTag, status));
        // A zero for a run that did not fail makes the series exist, so a failure rate reads 0 rather than no data.
        JobFailures.Add(status == "failed" ? 1 : 0, jobTag);
    }

    public static void OnHandWriteRefused(string reason) =>
        OnHandRefused.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason));

    public static void OutboxDepth(string dataset, long depth) => OutboxDepths[dataset] = depth;
}
