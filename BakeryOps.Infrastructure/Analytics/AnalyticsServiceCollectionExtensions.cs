using BakeryOps.Infrastructure.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BakeryOps.Infrastructure.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>The pivot engine with its options (<c>Analytics</c>) and datasets, saved views and the dashboard's reader.</summary>
    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AnalyticsOptions>(AnalyticsOptions.SectionName, o => o.Validate());
        builder.Services.AddSingleton<PivotService>();
        builder.Services.AddSingleton<SavedPivotViews>().AddSingleton<SavedPivotViewNotifications>();
        builder.Services.AddSingleton<DashboardReader>();
        return builder;
    }
}
