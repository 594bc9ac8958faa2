namespace BakeryOps.Portal.Inventory;

/// <summary>Limits of the /bakeryops API, section <c>Api</c>.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Largest accepted request body for writes, in bytes (default 1 MiB); larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public IEnumerable<string> Validate()
    {
        if (MaxRequestBodyBytes is < 1024 or > 100 * 1024 * 1024)
        {
            yield return "Api:MaxRequestBodyBytes must be from 1024 to 104857600 bytes.";
        }
    }
}
