using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Jde;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Dispatch;

public static class DispatchServiceCollectionExtensions
{
    /// <summary>Postings to JD Edwards: options (<c>Dispatch</c>), planning, review, sending and the relay.</summary>
    public static IHostApplicationBuilder AddDispatch(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DispatchOptions>(DispatchOptions.SectionName, o => o.Validate());
        // A claim must outlive the longest post: past it another node reads the posting back, and a post still on its
        // way would not be there yet.
        builder.Services.AddOptions<DispatchOptions>()
            .Validate<IOptions<JdeOptions>>(
                (dispatch, jde) => dispatch.ClaimTimeout > TimeSpan.FromSeconds(2 * jde.Value.Resilience.PostTimeoutSeconds),
                "Dispatch:ClaimTimeout must be more than twice Jde:Resilience:PostTimeoutSeconds, so a claim outlives the longest post.")
            .ValidateOnStart();
        // Transient like the typed JD Edwards client they use.
        builder.Services.AddTransient<DispatchPlanner>();
        builder.Services.AddTransient<DispatchSender>();
        builder.Services.AddTransient<DispatchService>();
        builder.Services.AddSingleton<DispatchNotifications>();
        builder.Services.AddSingleton<DispatchRelay>();
        return builder;
    }
}
