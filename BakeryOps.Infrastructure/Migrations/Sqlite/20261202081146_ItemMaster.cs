using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BakeryOps.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ItemMaster : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "gl_class",
                table: "bakery_ops_products",
                type: "TEXT",
                maxLength: 4,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "lot_controlled",
                table: "bakery_ops_products",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "shelf_life_days",
                table: "bakery_ops_products",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "stocking_type",
                table: "bakery_ops_products",
                type: "TEXT",
                maxLength: 1,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "jde_item_master",
                columns: table => new
                {
                    facility_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    short_item_number = table.Column<int>(type: "INTEGER", nullable: false),
                    second_item_number = table.Column<string>(type: "TEXT", maxLength: 25, nullable: false),
                    third_item_number = table.Column<string>(type: "TEXT", maxLength: 25, nullable: false),
                    business_unit = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    description2 = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    primary_unit = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    stocking_type = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    gl_class = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    line_type = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    lot_process_type = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    shelf_life_days = table.Column<int>(type: "INTEGER", nullable: true),
                    updated_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    run_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    seen_at = table.Column<long>(type: "INTEGER", nullable: false),
                    missing_since = table.Column<long>(type: "INTEGER", nullable: true),
                    applied_at = table.Column<long>(type: "INTEGER", nullable: true),
                    applied_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    applied_run_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jde_item_master", x => new { x.facility_id, x.short_item_number });
                    table.ForeignKey(
                        name: "FK_jde_item_master_facilities_facility_id",
                        column: x => x.facility_id,
                        principalTable: "facilities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_jde_item_master_facility_id_second_item_number",
                table: "jde_item_master",
                columns: new[] { "facility_id", "second_item_number" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "jde_item_master");

            migrationBuilder.DropColumn(
                name: "gl_class",
                table: "bakery_ops_products");

            migrationBuilder.DropColumn(
                name: "lot_controlled",
                table: "bakery_ops_products");

            migrationBuilder.DropColumn(
                name: "shelf_life_days",
                table: "bakery_ops_products");

            migrationBuilder.DropColumn(
                name: "stocking_type",
                table: "bakery_ops_products");
        }
    }
}
