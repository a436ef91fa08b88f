using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ProvisioningLogSearchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_JobId_SourceDisplayName_Id",
                table: "ProvisioningLogs",
                columns: new[] { "JobId", "SourceDisplayName", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_TargetId",
                table: "ProvisioningLogs",
                column: "TargetId");

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_TenantId_SourceDisplayName_Id",
                table: "ProvisioningLogs",
                columns: new[] { "TenantId", "SourceDisplayName", "Id" });

            // Substring search over the names: an FTS5 index of trigrams (case folded, accents kept) over the log table
            // itself (external content, so the text is not stored twice), kept in step by triggers and filled once from
            // the rows already there. A later migration that rebuilds ProvisioningLogs drops these triggers with the old
            // table and must create them again.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "ProvisioningLogSearch" USING fts5(
                    "SourceDisplayName", "TargetDisplayName",
                    content='ProvisioningLogs', content_rowid='Id', tokenize='trigram case_sensitive 0 remove_diacritics 0');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "ProvisioningLogs_SearchInsert" AFTER INSERT ON "ProvisioningLogs" BEGIN
                    INSERT INTO "ProvisioningLogSearch"(rowid, "SourceDisplayName", "TargetDisplayName")
                    VALUES (new."Id", new."SourceDisplayName", new."TargetDisplayName");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "ProvisioningLogs_SearchDelete" AFTER DELETE ON "ProvisioningLogs" BEGIN
                    INSERT INTO "ProvisioningLogSearch"("ProvisioningLogSearch", rowid, "SourceDisplayName", "TargetDisplayName")
                    VALUES ('delete', old."Id", old."SourceDisplayName", old."TargetDisplayName");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "ProvisioningLogs_SearchUpdate" AFTER UPDATE OF "SourceDisplayName", "TargetDisplayName" ON "ProvisioningLogs" BEGIN
                    INSERT INTO "ProvisioningLogSearch"("ProvisioningLogSearch", rowid, "SourceDisplayName", "TargetDisplayName")
                    VALUES ('delete', old."Id", old."SourceDisplayName", old."TargetDisplayName");
                    INSERT INTO "ProvisioningLogSearch"(rowid, "SourceDisplayName", "TargetDisplayName")
                    VALUES (new."Id", new."SourceDisplayName", new."TargetDisplayName");
                END;
                """);
            migrationBuilder.Sql("""INSERT INTO "ProvisioningLogSearch"("ProvisioningLogSearch") VALUES ('rebuild');""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "ProvisioningLogs_SearchUpdate";""");
            migrationBuilder.Sql("""DROP TRIGGER "ProvisioningLogs_SearchDelete";""");
            migrationBuilder.Sql("""DROP TRIGGER "ProvisioningLogs_SearchInsert";""");
            migrationBuilder.Sql("""DROP TABLE "ProvisioningLogSearch";""");

            migrationBuilder.DropIndex(
                name: "IX_ProvisioningLogs_JobId_SourceDisplayName_Id",
                table: "ProvisioningLogs");

            migrationBuilder.DropIndex(
                name: "IX_ProvisioningLogs_TargetId",
                table: "ProvisioningLogs");

            migrationBuilder.DropIndex(
                name: "IX_ProvisioningLogs_TenantId_SourceDisplayName_Id",
                table: "ProvisioningLogs");
        }
    }
}
