using BakeryOps.Infrastructure.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BakeryOps.Infrastructure.Dispatch;

public static class DispatchServiceCollectionExtensions
{
    /// <summary>Postings to JD Edwards: options (<c>Dispatch</c>), planning, review, sending and the relay.</summary>
    public static IHostApplicationBuilder AddDispatch(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DispatchOptions>(DispatchOptions.SectionName, o => o.Validate());
        // Transient like the typed JD Edwards client they use.
        builder.Services.AddTransient<DispatchPlanner>();
        builder.Services.AddTransient<DispatchSender>();
        builder.Services.AddTransient<DispatchService>();
        builder.Services.AddSingleton<DispatchNotifications>();
        builder.Services.AddSingleton<DispatchRelay>();
        return builder;
    }
}
