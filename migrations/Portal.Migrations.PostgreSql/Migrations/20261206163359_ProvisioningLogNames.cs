using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ProvisioningLogNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ProvisioningLogNames",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    LowerName = table.Column<string>(type: "text", nullable: false),
                    NameHash = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProvisioningLogNames", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogNames_TenantId_NameHash",
                table: "ProvisioningLogNames",
                columns: new[] { "TenantId", "NameHash" });

            // The writers of log rows add their names (Portal.Data's ProvisioningLogNames); a rename, which only a
            // script would make, is followed here, and the rows already there are read once. Names are added without a
            // unique key to wait on: a duplicate is harmless to the lookup.
            migrationBuilder.Sql("""
                CREATE FUNCTION "ProvisioningLogNames_AddRenamed"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "ProvisioningLogNames" ("TenantId", "LowerName", "NameHash")
                    SELECT DISTINCT new."TenantId", lower(name), sha256(convert_to(lower(name), 'UTF8'))
                    FROM (VALUES (new."SourceDisplayName"), (new."TargetDisplayName")) AS renamed(name)
                    WHERE name IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "ProvisioningLogNames" n
                        WHERE n."TenantId" = new."TenantId" AND n."NameHash" = sha256(convert_to(lower(name), 'UTF8')));
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "ProvisioningLogs_NamesUpdate" AFTER UPDATE OF "SourceDisplayName", "TargetDisplayName" ON "ProvisioningLogs"
                FOR EACH ROW EXECUTE FUNCTION "ProvisioningLogNames_AddRenamed"();
                """);
            migrationBuilder.Sql("""
                INSERT INTO "ProvisioningLogNames" ("TenantId", "LowerName", "NameHash")
                SELECT "TenantId", name, sha256(convert_to(name, 'UTF8'))
                FROM (SELECT "TenantId", lower("SourceDisplayName") AS name FROM "ProvisioningLogs"
                      UNION SELECT "TenantId", lower("TargetDisplayName") FROM "ProvisioningLogs") AS names
                WHERE name IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "ProvisioningLogs_NamesUpdate" ON "ProvisioningLogs";""");
            migrationBuilder.Sql("""DROP FUNCTION "ProvisioningLogNames_AddRenamed"();""");

            migrationBuilder.DropTable(
                name: "ProvisioningLogNames");
        }
    }
}
