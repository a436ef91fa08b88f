using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ProvisioningLogSearchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_JobId_SourceDisplayName_Id",
                table: "ProvisioningLogs",
                columns: new[] { "JobId", "SourceDisplayName", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_SourceDisplayName_Trigram",
                table: "ProvisioningLogs",
                column: "SourceDisplayName")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_TargetDisplayName_Trigram",
                table: "ProvisioningLogs",
                column: "TargetDisplayName")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_TargetId",
                table: "ProvisioningLogs",
                column: "TargetId");

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_TenantId_SourceDisplayName_Id",
                table: "ProvisioningLogs",
                columns: new[] { "TenantId", "SourceDisplayName", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProvisioningLogs_JobId_SourceDisplayName_Id",
                table: "ProvisioningLogs");

            migrationBuilder.DropIndex(
                name: "IX_ProvisioningLogs_SourceDisplayName_Trigram",
                table: "ProvisioningLogs");

            migrationBuilder.DropIndex(
                name: "IX_ProvisioningLogs_TargetDisplayName_Trigram",
                table: "ProvisioningLogs");

            migrationBuilder.DropIndex(
                name: "IX_ProvisioningLogs_TargetId",
                table: "ProvisioningLogs");

            migrationBuilder.DropIndex(
                name: "IX_ProvisioningLogs_TenantId_SourceDisplayName_Id",
                table: "ProvisioningLogs");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
