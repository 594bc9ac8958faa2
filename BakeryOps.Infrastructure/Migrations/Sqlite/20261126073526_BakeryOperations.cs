using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BakeryOps.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BakeryOperations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "bakery_ops_products",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    facility_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    product_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    product_category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    inventory_unit = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    archived = table.Column<bool>(type: "INTEGER", nullable: false),
                    jde_short_item_number = table.Column<int>(type: "INTEGER", nullable: true),
                    jde_second_item_number = table.Column<string>(type: "TEXT", maxLength: 25, nullable: true),
                    jde_branch_plant = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    unit_conversions = table.Column<string>(type: "TEXT", nullable: false),
                    on_hand = table.Column<long>(type: "INTEGER", precision: 18, scale: 6, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bakery_ops_products", x => x.id);
                    table.ForeignKey(
                        name: "FK_bakery_ops_products_facilities_facility_id",
                        column: x => x.facility_id,
                        principalTable: "facilities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    scope = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    request_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status_code = table.Column<int>(type: "INTEGER", nullable: false),
                    response_body = table.Column<string>(type: "TEXT", nullable: false),
                    location = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "bakery_ops_batches",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    facility_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    product_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    batch_number = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    lot_number = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    quantity_on_hand = table.Column<long>(type: "INTEGER", precision: 18, scale: 6, nullable: false),
                    expiry_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    vessel_code = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bakery_ops_batches", x => x.id);
                    table.ForeignKey(
                        name: "FK_bakery_ops_batches_bakery_ops_products_product_id",
                        column: x => x.product_id,
                        principalTable: "bakery_ops_products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "bakery_ops_movements",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    facility_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    product_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    batch_number = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    lot_number = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    vessel_code = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    quantity = table.Column<long>(type: "INTEGER", precision: 18, scale: 6, nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    inventory_quantity = table.Column<long>(type: "INTEGER", precision: 18, scale: 6, nullable: false),
                    adjustment_type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    adjustment_date = table.Column<long>(type: "INTEGER", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    jde_ledger_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bakery_ops_movements", x => x.id);
                    table.ForeignKey(
                        name: "FK_bakery_ops_movements_bakery_ops_products_product_id",
                        column: x => x.product_id,
                        principalTable: "bakery_ops_products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_bakery_ops_batches_facility_id",
                table: "bakery_ops_batches",
                column: "facility_id");

            migrationBuilder.CreateIndex(
                name: "IX_bakery_ops_batches_product_id_batch_number",
                table: "bakery_ops_batches",
                columns: new[] { "product_id", "batch_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_bakery_ops_movements_facility_id_adjustment_date",
                table: "bakery_ops_movements",
                columns: new[] { "facility_id", "adjustment_date" });

            migrationBuilder.CreateIndex(
                name: "IX_bakery_ops_movements_facility_id_jde_ledger_key",
                table: "bakery_ops_movements",
                columns: new[] { "facility_id", "jde_ledger_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_bakery_ops_movements_product_id_adjustment_date",
                table: "bakery_ops_movements",
                columns: new[] { "product_id", "adjustment_date" });

            migrationBuilder.CreateIndex(
                name: "IX_bakery_ops_products_facility_id_jde_short_item_number",
                table: "bakery_ops_products",
                columns: new[] { "facility_id", "jde_short_item_number" });

            migrationBuilder.CreateIndex(
                name: "IX_bakery_ops_products_facility_id_product_category_archived",
                table: "bakery_ops_products",
                columns: new[] { "facility_id", "product_category", "archived" });

            migrationBuilder.CreateIndex(
                name: "IX_bakery_ops_products_facility_id_product_name",
                table: "bakery_ops_products",
                columns: new[] { "facility_id", "product_name" });

            migrationBuilder.CreateIndex(
                name: "IX_idempotency_keys_created_at",
                table: "idempotency_keys",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "IX_idempotency_keys_scope_key",
                table: "idempotency_keys",
                columns: new[] { "scope", "key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bakery_ops_batches");

            migrationBuilder.DropTable(
                name: "bakery_ops_movements");

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "bakery_ops_products");
        }
    }
}
