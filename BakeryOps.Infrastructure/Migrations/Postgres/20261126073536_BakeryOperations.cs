using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BakeryOps.Infrastructure.Migrations.Postgres
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
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    facility_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    product_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    product_category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    inventory_unit = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    archived = table.Column<bool>(type: "boolean", nullable: false),
                    jde_short_item_number = table.Column<int>(type: "integer", nullable: true),
                    jde_second_item_number = table.Column<string>(type: "character varying(25)", maxLength: 25, nullable: true),
                    jde_branch_plant = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    unit_conversions = table.Column<string>(type: "text", nullable: false),
                    on_hand = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    scope = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: false),
                    response_body = table.Column<string>(type: "text", nullable: false),
                    location = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "bakery_ops_batches",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    facility_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    product_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    batch_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    lot_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    quantity_on_hand = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    expiry_date = table.Column<DateOnly>(type: "date", nullable: true),
                    vessel_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    facility_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    product_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    batch_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    lot_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    vessel_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    unit = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    inventory_quantity = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    adjustment_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    adjustment_date = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    jde_ledger_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    created_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
