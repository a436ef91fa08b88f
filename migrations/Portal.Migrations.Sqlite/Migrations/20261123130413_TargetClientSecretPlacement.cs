using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.Sqlite.Migrations
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
                type: "TEXT",
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
