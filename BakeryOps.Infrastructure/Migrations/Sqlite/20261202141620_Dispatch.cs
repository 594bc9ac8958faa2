using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BakeryOps.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Dispatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "jde_dispatches",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    idempotency_key = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    facility_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    movement_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    product_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    product_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    movement_type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    moved_at = table.Column<long>(type: "INTEGER", nullable: false),
                    movement_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    batch_number = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    vessel_code = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    inventory_quantity = table.Column<long>(type: "INTEGER", precision: 18, scale: 6, nullable: false),
                    inventory_unit = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    item_number = table.Column<string>(type: "TEXT", maxLength: 25, nullable: false),
                    short_item_number = table.Column<int>(type: "INTEGER", nullable: true),
                    branch_plant = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    document_type = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    lot = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    quantity = table.Column<long>(type: "INTEGER", precision: 18, scale: 6, nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    problem = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    needs_second_approver = table.Column<bool>(type: "INTEGER", nullable: false),
                    edited_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    edited_at = table.Column<long>(type: "INTEGER", nullable: true),
                    first_approved_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    first_approved_at = table.Column<long>(type: "INTEGER", nullable: true),
                    approved_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    approved_at = table.Column<long>(type: "INTEGER", nullable: true),
                    rejected_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    rejected_at = table.Column<long>(type: "INTEGER", nullable: true),
                    reject_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: true),
                    stamp = table.Column<Guid>(type: "TEXT", nullable: false),
                    claimed_until = table.Column<long>(type: "INTEGER", nullable: true),
                    outcome_unknown = table.Column<bool>(type: "INTEGER", nullable: false),
                    document_number = table.Column<long>(type: "INTEGER", nullable: true),
                    document_company = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    posted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    confirmed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    ledger_ukid = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jde_dispatches", x => x.id);
                    table.ForeignKey(
                        name: "FK_jde_dispatches_bakery_ops_movements_movement_id",
                        column: x => x.movement_id,
                        principalTable: "bakery_ops_movements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_jde_dispatches_facilities_facility_id",
                        column: x => x.facility_id,
                        principalTable: "facilities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "jde_dispatch_attempts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    dispatch_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    idempotency_key = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    facility_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    request = table.Column<string>(type: "TEXT", nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    document_number = table.Column<long>(type: "INTEGER", nullable: true),
                    error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    status_code = table.Column<int>(type: "INTEGER", nullable: true),
                    by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jde_dispatch_attempts", x => x.id);
                    table.ForeignKey(
                        name: "FK_jde_dispatch_attempts_jde_dispatches_dispatch_id",
                        column: x => x.dispatch_id,
                        principalTable: "jde_dispatches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_jde_dispatch_attempts_dispatch_id_id",
                table: "jde_dispatch_attempts",
                columns: new[] { "dispatch_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_jde_dispatches_facility_id_state_moved_at",
                table: "jde_dispatches",
                columns: new[] { "facility_id", "state", "moved_at" });

            migrationBuilder.CreateIndex(
                name: "IX_jde_dispatches_idempotency_key",
                table: "jde_dispatches",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_jde_dispatches_movement_id",
                table: "jde_dispatches",
                column: "movement_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_jde_dispatches_state_next_attempt_at",
                table: "jde_dispatches",
                columns: new[] { "state", "next_attempt_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "jde_dispatch_attempts");

            migrationBuilder.DropTable(
                name: "jde_dispatches");
        }
    }
}
