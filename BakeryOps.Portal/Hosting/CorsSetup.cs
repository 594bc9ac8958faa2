using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Hosting;

public static class CorsSetup
{
    public const string PolicyName = "configured-origins";

    public static IHostApplicationBuilder AddPortalCors(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CorsOptions>()
            .BindConfiguration(CorsOptions.SectionName)
            .Validate(o => o.AllowedOrigins.All(IsOrigin),
                "Cors:AllowedOrigins must hold absolute http or https origins without a path, such as https://planning.example.com.")
            .ValidateOnStart();

        builder.Services.AddCors();
        builder.Services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<CorsOptions>>((cors, configured) => cors.AddPolicy(PolicyName, p => p
                .WithOrigins(configured.Value.AllowedOrigins)
                .AllowAnyHeader()
                .AllowAnyMethod()
                .WithExposedHeaders("Location", "X-Total-Count", "Content-Disposition")));
        return builder;
    }

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/"
        && string.IsNullOrEmpty(uri.Query)
        && !value.EndsWith('/');
}
