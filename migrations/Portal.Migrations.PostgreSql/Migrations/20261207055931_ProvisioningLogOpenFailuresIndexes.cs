using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ProvisioningLogOpenFailuresIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProvisioningLogs_SourceId",
                table: "ProvisioningLogs");

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_OpenFailures",
                table: "ProvisioningLogs",
                columns: new[] { "TenantId", "Status", "ReviewedAt", "SourceId", "JobId", "Id" },
                filter: "\"Status\" = 'Failure' AND \"ReviewedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_SourceId_JobId_Id",
                table: "ProvisioningLogs",
                columns: new[] { "SourceId", "JobId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProvisioningLogs_OpenFailures",
                table: "ProvisioningLogs");

            migrationBuilder.DropIndex(
                name: "IX_ProvisioningLogs_SourceId_JobId_Id",
                table: "ProvisioningLogs");

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_SourceId",
                table: "ProvisioningLogs",
                column: "SourceId");
        }
    }
}
