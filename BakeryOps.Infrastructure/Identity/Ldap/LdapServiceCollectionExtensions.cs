using BakeryOps.Infrastructure.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BakeryOps.Infrastructure.Identity.Ldap;

public static class LdapServiceCollectionExtensions
{
    /// <summary>Directory sign-in (<c>Ldap</c>, validated at start; off while <c>Ldap:Url</c> is empty) and the one password sign-in path.</summary>
    public static IHostApplicationBuilder AddLdap(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<LdapOptions>(LdapOptions.SectionName, o => o.Validate());
        builder.Services.TryAddSingleton<LdapDirectory>();
        builder.Services.TryAddScoped<PasswordSignIn>();
        return builder;
    }
}
