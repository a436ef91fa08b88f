using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DirectoryChangeNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Directory_ChangeSubscriptionProblem",
                table: "Tenants",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Directory_ChangesSubscribedUntil",
                table: "Tenants",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Directory_LastChangeNotificationAt",
                table: "Tenants",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Directory_ChangeSubscriptionProblem",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "Directory_ChangesSubscribedUntil",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "Directory_LastChangeNotificationAt",
                table: "Tenants");
        }
    }
}
