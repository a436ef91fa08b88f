using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.SqlServer.Migrations
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
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "Directory_ChangesSubscribedUntil",
                table: "Tenants",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "Directory_LastChangeNotificationAt",
                table: "Tenants",
                type: "datetimeoffset",
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
