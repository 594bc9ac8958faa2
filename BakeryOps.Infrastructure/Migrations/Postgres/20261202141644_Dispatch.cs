using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BakeryOps.Infrastructure.Migrations.Postgres
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    idempotency_key = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    facility_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    movement_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    product_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    product_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    movement_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    moved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    movement_date = table.Column<DateOnly>(type: "date", nullable: false),
                    batch_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    vessel_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    inventory_quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    inventory_unit = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    item_number = table.Column<string>(type: "character varying(25)", maxLength: 25, nullable: false),
                    short_item_number = table.Column<int>(type: "integer", nullable: true),
                    branch_plant = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    document_type = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    lot = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    unit = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    problem = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    needs_second_approver = table.Column<bool>(type: "boolean", nullable: false),
                    edited_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    edited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_approved_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    first_approved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    approved_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    approved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rejected_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    rejected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reject_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    stamp = table.Column<Guid>(type: "uuid", nullable: false),
                    claimed_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    outcome_unknown = table.Column<bool>(type: "boolean", nullable: false),
                    document_number = table.Column<long>(type: "bigint", nullable: true),
                    document_company = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    posted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    confirmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ledger_ukid = table.Column<long>(type: "bigint", nullable: true),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    dispatch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    idempotency_key = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    facility_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    request = table.Column<string>(type: "text", nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    document_number = table.Column<long>(type: "bigint", nullable: true),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    status_code = table.Column<int>(type: "integer", nullable: true),
                    by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
