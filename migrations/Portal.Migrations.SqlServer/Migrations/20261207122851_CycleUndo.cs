using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class CycleUndo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PreviousState",
                table: "ProvisioningLogs",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousValuesJson",
                table: "ProvisioningLogs",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "UndoOf",
                table: "Cycles",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "UndoneBy",
                table: "Cycles",
                type: "uniqueidentifier",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PreviousState",
                table: "ProvisioningLogs");

            migrationBuilder.DropColumn(
                name: "PreviousValuesJson",
                table: "ProvisioningLogs");

            migrationBuilder.DropColumn(
                name: "UndoOf",
                table: "Cycles");

            migrationBuilder.DropColumn(
                name: "UndoneBy",
                table: "Cycles");
        }
    }
}
