using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class TargetClientSecretPlacement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Target_ClientSecretPlacement",
                table: "ProvisioningJobs",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "Header");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Target_ClientSecretPlacement",
                table: "ProvisioningJobs");
        }
    }
}
