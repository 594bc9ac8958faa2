using Microsoft.Extensions.Configuration;

using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Lake;

namespace BakeryOps.Infrastructure.Configuration;

/// <summary>
/// The earlier system's <c>.env</c> names, so a site can reuse its file. Each maps onto a configuration key and,
/// when set, wins over appsettings. <c>PG_DATABASE_URL</c>/<c>DB_NAME</c> and <c>SECRET_KEY</c>/<c>ALGORITHM</c>/
/// <c>ACCESS_TOKEN_EXPIRE_MINUTES</c> need conversion and are read by the database and JWT settings themselves.
/// </summary>
public static class LegacyVariables
{
    public static IReadOnlyDictionary<string, string> Map { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["FACILITY_ID"] = "Site:DefaultFacilityId",
        ["BACKEND_BASE_URL"] = "Site:PublicBaseUrl",
        ["JDE_BUSINESS_UNIT"] = "Jde:BusinessUnit",
        ["JDE_CARDEX_URL"] = "Jde:CardexSummaryUrl",
        ["JDE_ITEM_MASTER_UPDATES_URL"] = "Jde:ItemMasterUrl",
        ["JDE_IA_URL"] = "Jde:InventoryAdjustmentsUrl",
        ["JDE_ITEM_BALANCE_URL"] = "Jde:ItemBalanceUrl",
        ["JDE_CARDEX_USERNAME"] = "Jde:Username",
        ["JDE_CARDEX_PASSWORD"] = "Jde:Password",
        ["AWS_REGION"] = "Lake:S3:Region",
        ["AWS_ACCESS_KEY_ID"] = "Lake:S3:AccessKeyId",
        ["AWS_SECRET_ACCESS_KEY"] = "Lake:S3:SecretAccessKey",
        ["AWS_SESSION_TOKEN"] = "Lake:S3:SessionToken",
        ["S3_BUCKET_NAME"] = "Lake:S3:Bucket",
        ["S3_BASE_PREFIX"] = "Lake:Prefix",
        ["LDAP_SERVER"] = "Ldap:Url",
        ["LDAP_BASE_DN"] = "Ldap:BaseDn",
        // The earlier system's users container: where users are searched.
        ["LDAP_USER_DN"] = "Ldap:UserSearchBase",
    };

    /// <summary>
    /// The keys to add for the legacy variables present in <paramref name="configuration"/>. A JDE URL implies a real
    /// AIS server and a bucket implies the S3 store, as they did in the earlier system.
    /// </summary>
    public static Dictionary<string, string?> Translate(IConfiguration configuration)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (legacy, key) in Map)
        {
            if (configuration[legacy] is { Length: > 0 } value)
            {
                values[key] = value;
            }
        }

        if (values.Keys.Any(k => k.StartsWith("Jde:", StringComparison.OrdinalIgnoreCase) && k.EndsWith("Url", StringComparison.OrdinalIgnoreCase)))
        {
            values["Jde:Mode"] = nameof(JdeMode.Ais);
        }

        if (values.ContainsKey("Lake:S3:Bucket"))
        {
            values["Lake:Store"] = nameof(LakeStore.S3);
        }

        return values;
    }

    /// <summary>Adds the translated legacy variables as the last configuration source.</summary>
    public static IConfigurationBuilder AddLegacyVariables(this IConfigurationManager configuration)
    {
        var translated = Translate(configuration);
        return translated.Count == 0 ? configuration : configuration.AddInMemoryCollection(translated);
    }
}
