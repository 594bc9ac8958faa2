using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BakeryOps.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LakeReplacedObjects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "lake_replaced_objects",
                columns: table => new
                {
                    object_key = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    dataset = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    manifest_key = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    replaced_at = table.Column<long>(type: "INTEGER", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lake_replaced_objects", x => x.object_key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_lake_replaced_objects_manifest_key",
                table: "lake_replaced_objects",
                column: "manifest_key");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lake_replaced_objects");
        }
    }
}
