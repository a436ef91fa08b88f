using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ProvisioningLogFilterIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_TenantId_Action_ActivityDateTime",
                table: "ProvisioningLogs",
                columns: new[] { "TenantId", "Action", "ActivityDateTime" });

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_TenantId_JobId_Status_ActivityDateTime",
                table: "ProvisioningLogs",
                columns: new[] { "TenantId", "JobId", "Status", "ActivityDateTime" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProvisioningLogs_TenantId_Action_ActivityDateTime",
                table: "ProvisioningLogs");

            migrationBuilder.DropIndex(
                name: "IX_ProvisioningLogs_TenantId_JobId_Status_ActivityDateTime",
                table: "ProvisioningLogs");
        }
    }
}
