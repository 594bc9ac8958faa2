using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BakeryOps.Infrastructure.Migrations.Sqlite
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    job = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    facility_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    trigger = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    node = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: true),
                    progress = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    counts = table.Column<string>(type: "TEXT", nullable: false),
                    error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
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
