using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", nullable: true),
                    Activity = table.Column<string>(type: "TEXT", nullable: false),
                    TargetType = table.Column<string>(type: "TEXT", nullable: true),
                    TargetId = table.Column<string>(type: "TEXT", nullable: true),
                    ChangesJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Cycles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JobId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Node = table.Column<string>(type: "TEXT", nullable: true),
                    Imported = table.Column<int>(type: "INTEGER", nullable: false),
                    Created = table.Column<int>(type: "INTEGER", nullable: false),
                    Updated = table.Column<int>(type: "INTEGER", nullable: false),
                    Disabled = table.Column<int>(type: "INTEGER", nullable: false),
                    Deleted = table.Column<int>(type: "INTEGER", nullable: false),
                    Skipped = table.Column<int>(type: "INTEGER", nullable: false),
                    Failed = table.Column<int>(type: "INTEGER", nullable: false),
                    Held = table.Column<int>(type: "INTEGER", nullable: false),
                    Escrowed = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalUnits = table.Column<int>(type: "INTEGER", nullable: false),
                    CompletedUnits = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceComplete = table.Column<bool>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cycles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EscrowEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JobId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SourceId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ErrorCode = table.Column<string>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    IsReferenceFailure = table.Column<bool>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstFailedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastFailedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EscrowEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LinkedObjects",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JobId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SourceId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    TargetId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ExportedValuesJson = table.Column<string>(type: "TEXT", nullable: true),
                    ExportedHash = table.Column<string>(type: "TEXT", nullable: true),
                    LastExportedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkedObjects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JobId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReadAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProvisioningLogs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JobId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CycleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChangeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActivityDateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    DurationInMilliseconds = table.Column<int>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IdentityType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SourceId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SourceDisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    TargetId = table.Column<string>(type: "TEXT", nullable: true),
                    TargetDisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    ErrorCode = table.Column<string>(type: "TEXT", nullable: true),
                    ErrorReason = table.Column<string>(type: "TEXT", nullable: true),
                    RecommendedAction = table.Column<string>(type: "TEXT", nullable: true),
                    StepsJson = table.Column<string>(type: "TEXT", nullable: true),
                    ModifiedPropertiesJson = table.Column<string>(type: "TEXT", nullable: true),
                    ReviewedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReviewedBy = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProvisioningLogs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Tenants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DirectoryId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    HelpDeskEmail = table.Column<string>(type: "TEXT", nullable: true),
                    Directory_ClientId = table.Column<string>(type: "TEXT", nullable: true),
                    Directory_ClientSecret = table.Column<string>(type: "TEXT", nullable: true),
                    Directory_AuthorityHost = table.Column<string>(type: "TEXT", nullable: true),
                    Directory_GraphBaseUrl = table.Column<string>(type: "TEXT", nullable: true),
                    Directory_TokenEndpoint = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tenants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Applications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: false),
                    TemplateId = table.Column<string>(type: "TEXT", nullable: false),
                    ServicePrincipalId = table.Column<string>(type: "TEXT", nullable: true),
                    RequiredRoleValues = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Applications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Applications_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProvisioningJobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Mode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StatusCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ExpandNestedGroups = table.Column<bool>(type: "INTEGER", nullable: false),
                    Interval = table.Column<TimeSpan>(type: "TEXT", nullable: false),
                    CronExpression = table.Column<string>(type: "TEXT", nullable: true),
                    NotificationEmail = table.Column<string>(type: "TEXT", nullable: true),
                    SendNotificationOnFailure = table.Column<bool>(type: "INTEGER", nullable: false),
                    PreventAccidentalDeletions = table.Column<bool>(type: "INTEGER", nullable: false),
                    DeletionThreshold = table.Column<int>(type: "INTEGER", nullable: false),
                    SkipOutOfScopeDeletions = table.Column<bool>(type: "INTEGER", nullable: false),
                    Target_BaseUrl = table.Column<string>(type: "TEXT", nullable: true),
                    Target_AuthKind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Target_UserName = table.Column<string>(type: "TEXT", nullable: true),
                    Target_Secret = table.Column<string>(type: "TEXT", nullable: true),
                    Target_TokenEndpoint = table.Column<string>(type: "TEXT", nullable: true),
                    Target_Scopes = table.Column<string>(type: "TEXT", nullable: true),
                    Target_DialectPreset = table.Column<string>(type: "TEXT", nullable: false),
                    Target_DialectProfileJson = table.Column<string>(type: "TEXT", nullable: true),
                    Watermark_UsersDeltaLink = table.Column<string>(type: "TEXT", nullable: true),
                    Watermark_GroupsDeltaLink = table.Column<string>(type: "TEXT", nullable: true),
                    Watermark_CommittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Quarantine_Reason = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Quarantine_Error = table.Column<string>(type: "TEXT", nullable: true),
                    Quarantine_CurrentBegan = table.Column<long>(type: "INTEGER", nullable: true),
                    Quarantine_SeriesBegan = table.Column<long>(type: "INTEGER", nullable: true),
                    Quarantine_SeriesCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Quarantine_NextAttempt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastCycleEndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NextCycleAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProvisioningJobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProvisioningJobs_Applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "Applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ObjectMappings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JobId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    SourceObject = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TargetObjectName = table.Column<string>(type: "TEXT", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowCreate = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowUpdate = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowDelete = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObjectMappings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ObjectMappings_ProvisioningJobs_JobId",
                        column: x => x.JobId,
                        principalTable: "ProvisioningJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AttributeMappings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ObjectMappingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TargetAttribute = table.Column<string>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "TEXT", nullable: true),
                    DefaultValue = table.Column<string>(type: "TEXT", nullable: true),
                    Apply = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IsMatching = table.Column<bool>(type: "INTEGER", nullable: false),
                    MatchingPrecedence = table.Column<int>(type: "INTEGER", nullable: false),
                    ClearWhenSourceRemoved = table.Column<bool>(type: "INTEGER", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttributeMappings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttributeMappings_ObjectMappings_ObjectMappingId",
                        column: x => x.ObjectMappingId,
                        principalTable: "ObjectMappings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ScopingFilters",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ObjectMappingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Clauses = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScopingFilters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScopingFilters_ObjectMappings_ObjectMappingId",
                        column: x => x.ObjectMappingId,
                        principalTable: "ObjectMappings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_TenantId",
                table: "Applications",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_AttributeMappings_ObjectMappingId",
                table: "AttributeMappings",
                column: "ObjectMappingId");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_TenantId_OccurredAt",
                table: "AuditEvents",
                columns: new[] { "TenantId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Cycles_JobId_StartedAt",
                table: "Cycles",
                columns: new[] { "JobId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EscrowEntries_JobId_Kind_SourceId",
                table: "EscrowEntries",
                columns: new[] { "JobId", "Kind", "SourceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EscrowEntries_JobId_NextAttemptAt",
                table: "EscrowEntries",
                columns: new[] { "JobId", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LinkedObjects_JobId_Kind_SourceId",
                table: "LinkedObjects",
                columns: new[] { "JobId", "Kind", "SourceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LinkedObjects_JobId_TargetId",
                table: "LinkedObjects",
                columns: new[] { "JobId", "TargetId" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_TenantId_ReadAt_CreatedAt",
                table: "Notifications",
                columns: new[] { "TenantId", "ReadAt", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ObjectMappings_JobId",
                table: "ObjectMappings",
                column: "JobId");

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningJobs_ApplicationId",
                table: "ProvisioningJobs",
                column: "ApplicationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningJobs_TenantId_Status",
                table: "ProvisioningJobs",
                columns: new[] { "TenantId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_CycleId",
                table: "ProvisioningLogs",
                column: "CycleId");

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_JobId_ActivityDateTime",
                table: "ProvisioningLogs",
                columns: new[] { "JobId", "ActivityDateTime" });

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_SourceId",
                table: "ProvisioningLogs",
                column: "SourceId");

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_TenantId_ActivityDateTime",
                table: "ProvisioningLogs",
                columns: new[] { "TenantId", "ActivityDateTime" });

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningLogs_TenantId_Status_ActivityDateTime",
                table: "ProvisioningLogs",
                columns: new[] { "TenantId", "Status", "ActivityDateTime" });

            migrationBuilder.CreateIndex(
                name: "IX_ScopingFilters_ObjectMappingId",
                table: "ScopingFilters",
                column: "ObjectMappingId");

            migrationBuilder.CreateIndex(
                name: "IX_Tenants_DirectoryId",
                table: "Tenants",
                column: "DirectoryId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AttributeMappings");

            migrationBuilder.DropTable(
                name: "AuditEvents");

            migrationBuilder.DropTable(
                name: "Cycles");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "EscrowEntries");

            migrationBuilder.DropTable(
                name: "LinkedObjects");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "ProvisioningLogs");

            migrationBuilder.DropTable(
                name: "ScopingFilters");

            migrationBuilder.DropTable(
                name: "ObjectMappings");

            migrationBuilder.DropTable(
                name: "ProvisioningJobs");

            migrationBuilder.DropTable(
                name: "Applications");

            migrationBuilder.DropTable(
                name: "Tenants");
        }
    }
}
