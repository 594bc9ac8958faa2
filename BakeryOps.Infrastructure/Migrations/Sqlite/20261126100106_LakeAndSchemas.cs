using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BakeryOps.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LakeAndSchemas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dataset_settings",
                columns: table => new
                {
                    dataset = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    compatibility = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    action_required = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    action_required_at = table.Column<long>(type: "INTEGER", nullable: true),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dataset_settings", x => x.dataset);
                });

            migrationBuilder.CreateTable(
                name: "lake_outbox",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    dataset = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    payload_json = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lake_outbox", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_lake_outbox_dataset_id",
                table: "lake_outbox",
                columns: new[] { "dataset", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dataset_settings");

            migrationBuilder.DropTable(
                name: "lake_outbox");
        }
    }
}
