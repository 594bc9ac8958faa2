using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BakeryOps.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CardexSync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "jde_linked_at",
                table: "facilities",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "jde_cardex",
                columns: table => new
                {
                    facility_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ukid = table.Column<long>(type: "bigint", nullable: false),
                    short_item_number = table.Column<int>(type: "integer", nullable: false),
                    second_item_number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    business_unit = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    location = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    lot = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    document_number = table.Column<long>(type: "bigint", nullable: false),
                    document_type = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    transaction_date = table.Column<DateOnly>(type: "date", nullable: false),
                    written_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    unit = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    explanation = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    back_dated = table.Column<bool>(type: "boolean", nullable: false),
                    movement_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    mirrored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    stream = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    facility_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    position = table.Column<DateOnly>(type: "date", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    facility_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ukid = table.Column<long>(type: "bigint", nullable: false),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
