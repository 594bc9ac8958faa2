namespace BakeryOps.Infrastructure.Configuration;

/// <summary>Tags that decide which checks <c>/health/ready</c> runs.</summary>
public static class HealthTags
{
    public const string Ready = "ready";
}
