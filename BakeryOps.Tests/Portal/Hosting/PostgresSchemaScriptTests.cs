using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Portal.Hosting;
using BakeryOps.Portal.Jobs;
using BakeryOps.Tests.Architecture;
using BakeryOps.Tests.TestInfrastructure;
using Npgsql;

namespace BakeryOps.Tests.Portal.Hosting;

/// <summary>
/// The DBA's path: deploy/sql/roles.sql and deploy/sql/bakeryops-postgres.sql applied by hand, then the portal with
/// <c>Database:MigrateAtStartup=false</c> as a role that may only read and write rows.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PostgresSchemaScriptTests
{
    private static readonly string SqlDirectory = Path.Combine(DependencyRuleTests.RepositoryRoot(), "deploy", "sql");
    private static readonly string SchemaScript = Path.Combine(SqlDirectory, "bakeryops-postgres.sql");
    private static readonly string RolesScript = Path.Combine(SqlDirectory, "roles.sql");

    [Fact]
    public async Task CommittedScript_WhenGeneratedAfresh_ThenIsTheSameText()
    {
        var committed = await File.ReadAllTextAsync(SchemaScript);

        var generated = PostgresSchemaScript.Generate();

        // Not BeEquivalentTo on the whole text: the first differing line is what tells which migration is missing.
        var committedLines = committed.Split('\n');
        var generatedLines = generated.Split('\n');
        for (var i = 0; i < Math.Min(committedLines.Length, generatedLines.Length); i++)
        {
            committedLines[i].Should().Be(generatedLines[i],
                "line {0} of deploy/sql/bakeryops-postgres.sql must be what scripts/generate-postgres-schema.sh writes now (run it and commit the file)", i + 1);
        }

        committed.Should().Be(generated, "deploy/sql/bakeryops-postgres.sql must be what scripts/generate-postgres-schema.sh writes now");
        generated.Should().Contain("CREATE TABLE IF NOT EXISTS qrtz_locks").And.Contain("__EFMigrationsHistory");
    }

    [Fact]
    public async Task Scripts_WhenAppliedByTheOwnerRole_ThenThePortalStartsAsTheDmlOnlyRoleWithMigrationsOffAndIsHealthy()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var owner = new Role($"bakeryops_owner_{suffix}", $"owner-{Guid.NewGuid():N}");
        var app = new Role($"bakeryops_app_{suffix}", $"app-{Guid.NewGuid():N}");
        var database = await PostgresTestDatabase.CreateAsync();
        try
        {
            var roles = new Dictionary<string, string>
            {
                ["owner"] = owner.Name,
                ["app"] = app.Name,
                ["owner_password"] = owner.Password,
                ["app_password"] = app.Password,
            };
            await Psql.RunFileAsync(database.ConnectionString, RolesScript, roles);
            // Twice each: a DBA runs them again on every upgrade.
            await Psql.RunFileAsync(database.ConnectionString, RolesScript, roles);
            await Psql.RunFileAsync(owner.On(database), SchemaScript);
            await Psql.RunFileAsync(owner.On(database), SchemaScript);

            await using (var connection = new NpgsqlConnection(app.On(database)))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand("CREATE TABLE not_allowed (id int)", connection);
                (await FluentActions.Awaiting(() => create.ExecuteNonQueryAsync()).Should().ThrowAsync<PostgresException>())
                    .Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege, "the application role creates nothing");
                await using var tables = new NpgsqlCommand(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'qrtz\\_%' AND tableowner = @owner", connection);
                tables.Parameters.AddWithValue("owner", owner.Name);
                (await tables.ExecuteScalarAsync()).Should().Be(15L, "the script creates the 15 tables of Quartz's clustered store, owned by the owner role");
            }

            await using var portal = new PortalFactory(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["Database:ConnectionString"] = app.On(database),
                ["Database:MigrateAtStartup"] = "false",
                // The clustered store registers its schedules in the qrtz_ tables: the scheduler on, as in production.
                ["Jobs:SchedulerEnabled"] = "true",
            });
            using var client = portal.CreateHttpClient();

            using var health = await client.GetAsync("health");
            var body = await health.Content.ReadFromJsonAsync<JsonElement>();
            health.StatusCode.Should().Be(HttpStatusCode.OK, body.ToString());
            body.GetProperty("status").GetString().Should().Be("healthy", body.ToString());
            body.GetProperty("checks").GetProperty("database").GetProperty("description").GetString()
                .Should().Be("Postgres: connected, schema up to date");
            var scheduler = body.GetProperty("checks").GetProperty("scheduler");
            scheduler.GetProperty("status").GetString().Should().Be("healthy");
            scheduler.GetProperty("data").GetProperty("clustered").ToString().Should().BeEquivalentTo("true");
            // A write through the app role: a token grant stores its refresh token and an audit row.
            (await client.GetTokenAsync("admin", PortalFactory.AdminPassword)).Should().NotBeNullOrEmpty();
        }
        finally
        {
            await database.DisposeAsync();
            await DropRolesAsync(owner.Name, app.Name);
        }
    }

    [Fact]
    public async Task Portal_WhenMigrationsAreOffAndQuartzTablesAreMissing_ThenRefusesToStartAndCreatesNone()
    {
        // Every migration applied, as by a DBA who left out the Quartz part of the script.
        var database = await PostgresTestDatabase.CreateMigratedAsync();
        try
        {
            await using var portal = new PortalFactory(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["Database:ConnectionString"] = database.ConnectionString,
                ["Database:MigrateAtStartup"] = "false",
            });

            FluentActions.Invoking(() => portal.BaseAddress).Should().Throw<Exception>()
                .Which.ToString().Should().Contain(QuartzPostgresSchema.TablePrefix, "Quartz names what is missing");

            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var tables = new NpgsqlCommand(
                $"SELECT count(*) FROM pg_tables WHERE tablename LIKE '{QuartzPostgresSchema.TablePrefix}%'", connection);
            (await tables.ExecuteScalarAsync()).Should().Be(0L, "with migrations off the portal leaves the schema to the DBA, Quartz's tables included");
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    private static async Task DropRolesAsync(params string[] names)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresAdminConnectionString);
        await connection.OpenAsync();
        foreach (var name in names)
        {
            await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS \"{name}\"", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private sealed record Role(string Name, string Password)
    {
        public string On(TestDatabase database) =>
            new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = Name, Password = Password }.ConnectionString;
    }
}
