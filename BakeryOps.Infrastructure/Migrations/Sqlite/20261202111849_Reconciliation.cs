using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BakeryOps.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Reconciliation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "jde_item_balances",
                columns: table => new
                {
                    facility_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    short_item_number = table.Column<int>(type: "INTEGER", nullable: false),
                    location = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    lot = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    second_item_number = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    on_hand = table.Column<long>(type: "INTEGER", precision: 18, scale: 6, nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    updated_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    pulled_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jde_item_balances", x => new { x.facility_id, x.short_item_number, x.location, x.lot });
                    table.ForeignKey(
                        name: "FK_jde_item_balances_facilities_facility_id",
                        column: x => x.facility_id,
                        principalTable: "facilities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "jde_ledger_openings",
                columns: table => new
                {
                    facility_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    short_item_number = table.Column<int>(type: "INTEGER", nullable: false),
                    lot = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    quantity = table.Column<long>(type: "INTEGER", precision: 18, scale: 6, nullable: false),
                    captured_at = table.Column<long>(type: "INTEGER", nullable: false),
                    run_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jde_ledger_openings", x => new { x.facility_id, x.short_item_number, x.lot });
                    table.ForeignKey(
                        name: "FK_jde_ledger_openings_facilities_facility_id",
                        column: x => x.facility_id,
                        principalTable: "facilities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "reconciliation_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    facility_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    balance_source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    balance_pulled_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_sync_run_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    computed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    rows = table.Column<int>(type: "INTEGER", nullable: false),
                    matches = table.Column<int>(type: "INTEGER", nullable: false),
                    variances = table.Column<int>(type: "INTEGER", nullable: false),
                    missing_in_bakery = table.Column<int>(type: "INTEGER", nullable: false),
                    missing_in_jde = table.Column<int>(type: "INTEGER", nullable: false),
                    unmapped = table.Column<int>(type: "INTEGER", nullable: false),
                    ledger_drifts = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reconciliation_runs", x => x.id);
                    table.ForeignKey(
                        name: "FK_reconciliation_runs_facilities_facility_id",
                        column: x => x.facility_id,
                        principalTable: "facilities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "reconciliation_rows",
                columns: table => new
                {
                    run_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    line = table.Column<int>(type: "INTEGER", nullable: false),
                    facility_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    product_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    product_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    short_item_number = table.Column<int>(type: "INTEGER", nullable: true),
                    second_item_number = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    business_unit = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    level = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    lot = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    jde_quantity = table.Column<long>(type: "INTEGER", precision: 18, scale: 6, nullable: true),
                    bakery_quantity = table.Column<long>(type: "INTEGER", precision: 18, scale: 6, nullable: true),
                    jde_in_flight = table.Column<long>(type: "INTEGER", precision: 18, scale: 6, nullable: false),
                    bakery_in_flight = table.Column<long>(type: "INTEGER", precision: 18, scale: 6, nullable: false),
                    variance = table.Column<long>(type: "INTEGER", precision: 18, scale: 6, nullable: true),
                    variance_percent = table.Column<long>(type: "INTEGER", precision: 18, scale: 2, nullable: true),
                    ledger_quantity = table.Column<long>(type: "INTEGER", precision: 18, scale: 6, nullable: true),
                    ledger_drift = table.Column<bool>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reconciliation_rows", x => new { x.run_id, x.line });
                    table.ForeignKey(
                        name: "FK_reconciliation_rows_reconciliation_runs_run_id",
                        column: x => x.run_id,
                        principalTable: "reconciliation_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_reconciliation_rows_facility_id_product_id",
                table: "reconciliation_rows",
                columns: new[] { "facility_id", "product_id" });

            migrationBuilder.CreateIndex(
                name: "IX_reconciliation_runs_facility_id_computed_at",
                table: "reconciliation_runs",
                columns: new[] { "facility_id", "computed_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "jde_item_balances");

            migrationBuilder.DropTable(
                name: "jde_ledger_openings");

            migrationBuilder.DropTable(
                name: "reconciliation_rows");

            migrationBuilder.DropTable(
                name: "reconciliation_runs");
        }
    }
}
