using BakeryOps.Infrastructure.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BakeryOps.Infrastructure.Identity.ServiceAccounts;

public static class ServiceAccountServiceCollectionExtensions
{
    /// <summary>Service accounts with their options (<c>ServiceAccounts</c>) and change notifications.</summary>
    public static IHostApplicationBuilder AddServiceAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ServiceAccountOptions>(ServiceAccountOptions.SectionName, o => o.Validate());
        builder.Services.TryAddSingleton<ServiceAccountNotifications>();
        builder.Services.TryAddSingleton<ServiceAccountService>();
        return builder;
    }
}
