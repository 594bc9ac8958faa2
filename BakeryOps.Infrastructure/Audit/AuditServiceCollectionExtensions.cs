using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BakeryOps.Infrastructure.Audit;

public static class AuditServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditNotifications>().AddSingleton<AuditLog>();
        return builder;
    }
}
