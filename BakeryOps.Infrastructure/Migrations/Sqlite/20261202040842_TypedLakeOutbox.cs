using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BakeryOps.Infrastructure.Migrations.Sqlite
{
    /// <summary>
    /// Lake outbox payloads become typed rows: entries queued before this version carry every value as a
    /// <c>[type, value]</c> pair (<c>{"on_hand": ["d", "2500.125"]}</c>); each pair is replaced by its value, which the typed
    /// rows read (decimals kept as text stay exact). Entries already in the new shape have no pairs and are left alone.
    /// </summary>
    public partial class TypedLakeOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                UPDATE lake_outbox
                SET payload_json = (
                    SELECT json_group_object(e.key, json(CASE WHEN e.type = 'array' THEN e.value -> '$[1]' END))
                    FROM json_each(lake_outbox.payload_json) AS e)
                WHERE EXISTS (SELECT 1 FROM json_each(lake_outbox.payload_json) AS e WHERE e.type = 'array');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Typed payloads stay: the version before this one cannot read them, so drain the outbox (let a batch pass
            // run) before going back to it.
        }
    }
}
