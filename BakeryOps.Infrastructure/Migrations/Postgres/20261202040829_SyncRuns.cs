using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BakeryOps.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SyncRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sync_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    job = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    facility_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    trigger = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    node = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    progress = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    counts = table.Column<string>(type: "text", nullable: false),
                    error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sync_runs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sync_runs_job_started_at",
                table: "sync_runs",
                columns: new[] { "job", "started_at" });

            migrationBuilder.CreateIndex(
                name: "IX_sync_runs_status",
                table: "sync_runs",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sync_runs");
        }
    }
}
