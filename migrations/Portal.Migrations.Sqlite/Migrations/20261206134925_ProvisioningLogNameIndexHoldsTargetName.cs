using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ProvisioningLogNameIndexHoldsTargetName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProvisioningLogs_TenantId_SourceDisplayName_Id",
                table: "ProvisioningLogs");

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_TenantId_SourceDisplayName_Id_TargetDisplayName",
                table: "ProvisioningLogs",
                columns: new[] { "TenantId", "SourceDisplayName", "Id", "TargetDisplayName" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProvisioningLogs_TenantId_SourceDisplayName_Id_TargetDisplayName",
                table: "ProvisioningLogs");

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_TenantId_SourceDisplayName_Id",
                table: "ProvisioningLogs",
                columns: new[] { "TenantId", "SourceDisplayName", "Id" });
        }
    }
}
