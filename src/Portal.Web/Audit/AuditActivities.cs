namespace Portal.Web.Audit;

/// <summary>Audit activity names, in Microsoft Entra's words where Entra has one.</summary>
public static class AuditActivities
{
    public const string UpdateProvisioningSettingOrCredentials = "Update provisioning setting or credentials";
    public const string UpdateAttributeMappingsOrScope = "Update attribute mappings or scope";
    public const string EnableProvisioning = "Enable/start provisioning configuration";
    public const string DisableProvisioning = "Disable/pause provisioning configuration";
    public const string RestartProvisioning = "Enable/restart provisioning configuration";
    public const string AllowHeldDeletions = "Allow held disables and deletes";
    public const string RepairTargetObjects = "Put target objects back as the directory has them";
    public const string LinkTargetObject = "Link a target account to a user or group";
    public const string UndoCycle = "Undo a provisioning cycle";
    public const string AddApplication = "Add application";
    public const string DeleteApplication = "Delete application";
    public const string UpdateApplication = "Update application";
    public const string AddAppRoleAssignment = "Add app role assignment to user";
    public const string RemoveAppRoleAssignment = "Remove app role assignment from user";
    public const string InviteUser = "Invite external user";
    public const string DisableAccount = "Disable account";
    public const string EnableAccount = "Enable account";
    public const string AddTenant = "Add tenant";
    public const string OffboardTenant = "Off-board tenant";
    public const string AdminSignIn = "Admin sign-in";
    public const string ReviewFailure = "Mark provisioning failure reviewed";
    public const string UpdateMailSettings = "Update outgoing mail settings";
    public const string UpdateDirectoryConnection = "Update directory connection";
    public const string AssignToApplication = "Assign user or group to application";
    public const string UnassignFromApplication = "Remove user or group assignment from application";
    public const string LinkEnterpriseApplication = "Link application to its enterprise application";
    public const string CreateApiKey = "Create API key";
    public const string RevokeApiKey = "Revoke API key";
    public const string StopManaging = "Stop managing a user or group";
    public const string ManageAgain = "Manage a user or group again";
    public const string DownloadProvisioningLogs = "Download provisioning logs";
    public const string DownloadProvisionedAccounts = "Download provisioned accounts";
    public const string DownloadReconciliation = "Download reconciliation report";
    public const string DownloadMappings = "Download attribute mappings";
    public const string DownloadAuditLog = "Download audit log";
}
