using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Lake.Outbox;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BakeryOps.Portal.Lake;

public static class LakeOutboxSetup
{
    /// <summary>
    /// Bakery Operations changes to the lake: each product change and movement is queued in <c>lake_outbox</c> with the
    /// change itself, and written in batches every <c>Lake:Batching:IntervalSeconds</c> (default 60).
    /// </summary>
    public static IHostApplicationBuilder AddLakeBatching(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<LakeOutboxOptions>(LakeOutboxOptions.SectionName, o => o.Validate());
        builder.Services.AddSingleton<IInterceptor, LakeOutboxInterceptor>();
        builder.Services.AddSingleton<LakeOutboxFlusher>();
        builder.Services.AddHostedService<LakeOutboxService>();
        return builder;
    }
}
