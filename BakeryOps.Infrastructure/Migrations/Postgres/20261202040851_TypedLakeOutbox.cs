using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BakeryOps.Infrastructure.Migrations.Postgres
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
                UPDATE lake_outbox AS o
                SET payload_json = (
                    SELECT jsonb_object_agg(e.key, CASE WHEN jsonb_typeof(e.value) = 'array' THEN e.value -> 1 ELSE e.value END)::text
                    FROM jsonb_each(o.payload_json::jsonb) AS e)
                WHERE EXISTS (SELECT 1 FROM jsonb_each(o.payload_json::jsonb) AS e WHERE jsonb_typeof(e.value) = 'array');
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
