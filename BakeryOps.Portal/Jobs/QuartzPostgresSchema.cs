using System.Globalization;
using Quartz;

namespace BakeryOps.Portal.Jobs;

/// <summary>
/// The tables of Quartz's clustered job store on PostgreSQL: the script Quartz embeds and runs itself under
/// <c>ProvisionSchema()</c>, so the DBA's copy is the very DDL the portal would run, for the Quartz version it ships with.
/// </summary>
public static class QuartzPostgresSchema
{
    /// <summary>Quartz's default prefix (<c>QRTZ_</c>), as PostgreSQL folds the unquoted names.</summary>
    public const string TablePrefix = "qrtz_";

    private const string ResourceName = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";
    private const string Separator = "\n--;;\n";

    public static string QuartzVersion => typeof(IScheduler).Assembly.GetName().Version!.ToString(3);

    /// <summary>Each statement with its comment line; every one creates only what is missing and drops nothing.</summary>
    public static IReadOnlyList<string> Statements()
    {
        using var stream = typeof(IScheduler).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(
                $"Quartz {QuartzVersion} no longer embeds {ResourceName}: take the PostgreSQL tables from its release instead.");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd().ReplaceLineEndings("\n");
        // The first piece is Quartz's header, written for its own use of the file ("not the script to run by hand").
        // {0} is the prefix and {1} the prefix without a schema qualifier: the same here.
        return text.Split(Separator)
            .Skip(1)
            .Select(piece => string.Format(CultureInfo.InvariantCulture, piece.Trim(), TablePrefix, TablePrefix))
            .ToList();
    }
}
