using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BakeryOps.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CardexSync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "jde_linked_at",
                table: "facilities",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "jde_cardex",
                columns: table => new
                {
                    facility_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ukid = table.Column<long>(type: "INTEGER", nullable: false),
                    short_item_number = table.Column<int>(type: "INTEGER", nullable: false),
                    second_item_number = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    business_unit = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    location = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    lot = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    document_number = table.Column<long>(type: "INTEGER", nullable: false),
                    document_type = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    transaction_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    written_at = table.Column<long>(type: "INTEGER", nullable: false),
                    quantity = table.Column<long>(type: "INTEGER", precision: 18, scale: 6, nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    explanation = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    back_dated = table.Column<bool>(type: "INTEGER", nullable: false),
                    movement_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    run_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    mirrored_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jde_cardex", x => new { x.facility_id, x.ukid });
                    table.ForeignKey(
                        name: "FK_jde_cardex_bakery_ops_movements_movement_id",
                        column: x => x.movement_id,
                        principalTable: "bakery_ops_movements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_jde_cardex_facilities_facility_id",
                        column: x => x.facility_id,
                        principalTable: "facilities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sync_cursors",
                columns: table => new
                {
                    stream = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    facility_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    position = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sync_cursors", x => new { x.stream, x.facility_id });
                    table.ForeignKey(
                        name: "FK_sync_cursors_facilities_facility_id",
                        column: x => x.facility_id,
                        principalTable: "facilities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sync_quarantine",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    facility_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ukid = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    detail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    run_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    resolved_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sync_quarantine", x => x.id);
                    table.ForeignKey(
                        name: "FK_sync_quarantine_jde_cardex_facility_id_ukid",
                        columns: x => new { x.facility_id, x.ukid },
                        principalTable: "jde_cardex",
                        principalColumns: new[] { "facility_id", "ukid" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_jde_cardex_facility_id_short_item_number_lot",
                table: "jde_cardex",
                columns: new[] { "facility_id", "short_item_number", "lot" });

            migrationBuilder.CreateIndex(
                name: "IX_jde_cardex_movement_id",
                table: "jde_cardex",
                column: "movement_id");

            migrationBuilder.CreateIndex(
                name: "IX_jde_cardex_run_id",
                table: "jde_cardex",
                column: "run_id");

            migrationBuilder.CreateIndex(
                name: "IX_sync_cursors_facility_id",
                table: "sync_cursors",
                column: "facility_id");

            migrationBuilder.CreateIndex(
                name: "IX_sync_quarantine_facility_id_reason_resolved_at",
                table: "sync_quarantine",
                columns: new[] { "facility_id", "reason", "resolved_at" });

            migrationBuilder.CreateIndex(
                name: "IX_sync_quarantine_facility_id_ukid",
                table: "sync_quarantine",
                columns: new[] { "facility_id", "ukid" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sync_cursors");

            migrationBuilder.DropTable(
                name: "sync_quarantine");

            migrationBuilder.DropTable(
                name: "jde_cardex");

            migrationBuilder.DropColumn(
                name: "jde_linked_at",
                table: "facilities");
        }
    }
}
