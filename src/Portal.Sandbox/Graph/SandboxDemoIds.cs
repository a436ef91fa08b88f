namespace Portal.Sandbox.Graph;

/// <summary>
/// Fixed ids of the sandbox tenant, its reader app and the demo enterprise apps, so the embedded default, the CLI and
/// tests agree without looking anything up. The client secret is a sandbox secret by design: the emulator holds no data.
/// </summary>
public static class SandboxDemoIds
{
    public const string TenantId = "5a9d1c2e-3b4f-4a6d-8e7f-1a2b3c4d5e60";
    public const string ClientId = "c0ffee00-1234-4abc-9def-000000000001";
    public const string ClientSecret = "sandbox-graph-client-secret";

    /// <summary>A second app with write permissions, for changing the sandbox directory over HTTP (Graph's own write API).</summary>
    public const string AdminClientId = "c0ffee00-1234-4abc-9def-000000000002";
    public const string AdminClientSecret = "sandbox-graph-admin-secret";

    public const string DefaultAccessRoleId = "00000000-0000-0000-0000-000000000000";

    public const string GoToServicePrincipalId = "60700000-0000-4000-8000-000000000001";
    public const string GoToAppId = "60700000-0000-4000-8000-0000000000a1";
    public const string GoToUserRoleId = "60700000-0000-4000-8000-000000000101";
    public const string GoToAdminRoleId = "60700000-0000-4000-8000-000000000102";
    public const string GoToMsiamAccessRoleId = "60700000-0000-4000-8000-000000000103";

    public const string ScimServicePrincipalId = "5c100000-0000-4000-8000-000000000002";
    public const string ScimAppId = "5c100000-0000-4000-8000-0000000000a2";
    public const string ScimUserRoleId = "5c100000-0000-4000-8000-000000000201";
    public const string ScimAdminRoleId = "5c100000-0000-4000-8000-000000000202";

    public static SandboxServicePrincipal GoToApp { get; } = new(GoToServicePrincipalId, GoToAppId, "GoTo Meeting (sandbox)",
    [
        new SandboxAppRole(GoToUserRoleId, "User", "User", "GoTo Meeting organizer licence"),
        new SandboxAppRole(GoToAdminRoleId, "Admin", "Admin", "GoTo account administrator"),
        new SandboxAppRole(GoToMsiamAccessRoleId, "msiam_access", null, "Gallery default role (no value)"),
    ]);

    public static SandboxServicePrincipal ScimApp { get; } = new(ScimServicePrincipalId, ScimAppId, "SCIM 2.0 app (sandbox)",
    [
        new SandboxAppRole(ScimUserRoleId, "User", "User", "Provisioned user"),
        new SandboxAppRole(ScimAdminRoleId, "Admin", "Admin", "Provisioned administrator"),
    ]);

    /// <summary>
    /// The portal's app: every read permission the Graph source needs and AppRoleAssignment.ReadWrite.All (tenant admins
    /// assign users and groups on the Users and groups tab), admin-consented.
    /// </summary>
    public static SandboxClient ReaderClient { get; } = new(ClientId, ClientSecret, SandboxGraphPermissions.Portal);

    public static SandboxClient AdminClient { get; } = new(AdminClientId, AdminClientSecret, SandboxGraphPermissions.ReadWrite);
}
