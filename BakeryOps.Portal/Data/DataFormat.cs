namespace BakeryOps.Portal.Data;

/// <summary>How a <c>/data</c> page is written: a JSON array (the default) or CSV with a header row.</summary>
public enum DataFormat
{
    Json,
    Csv,
}
