using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.Sqlite.Migrations
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
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousValuesJson",
                table: "ProvisioningLogs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "UndoOf",
                table: "Cycles",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "UndoneBy",
                table: "Cycles",
                type: "TEXT",
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
