using BakeryOps.Infrastructure.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BakeryOps.Infrastructure.Lake.Housekeeping;

public static class LakeHousekeepingServiceCollectionExtensions
{
    /// <summary>The <c>lake-housekeeping</c> job's parts, with <c>Lake:Housekeeping</c> and <c>Lake:Retention</c> validated at start.</summary>
    public static IServiceCollection AddLakeHousekeeping(this IServiceCollection services)
    {
        services.AddValidatedOptions<LakeHousekeepingOptions>(LakeHousekeepingOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<LakeRetentionOptions>(LakeRetentionOptions.SectionName, o => o.Validate());
        services.TryAddSingleton<LakeCompactor>();
        services.TryAddSingleton<LakeRetention>();
        services.TryAddSingleton<LakeHousekeeping>();
        return services;
    }
}
