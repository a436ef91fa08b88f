using System.Security.Cryptography;
using System.Text;

namespace Portal.Sandbox.Graph;

/// <summary>
/// What a client reads to learn which Graph permissions were granted to it: Microsoft Graph's own service principal, with
/// an app role per application permission, and each registered client's service principal with its consented permissions
/// as app-role assignments (<c>GET servicePrincipals(appId='…')</c>, <c>…/appRoleAssignments</c>). Neither is listed with
/// the directory's enterprise applications.
/// </summary>
internal sealed partial class GraphRequestRouter
{
    private const string MicrosoftGraphAppId = "00000003-0000-0000-c000-000000000000";

    // Graph's own ids of its application permissions, so a client may compare with them as with the real service.
    private static readonly SandboxServicePrincipal MicrosoftGraph = new(IdOf("Microsoft Graph"), MicrosoftGraphAppId, "Microsoft Graph",
    [
        new("df021288-bdef-4463-88db-98f22de89214", "Read all users' full profiles", SandboxGraphPermissions.UserReadAll),
        new("5b567255-7703-4780-807c-7be8301ae99b", "Read all groups", SandboxGraphPermissions.GroupReadAll),
        new("98830695-27a2-44f7-8c18-0c3ebc9698f6", "Read all group memberships", SandboxGraphPermissions.GroupMemberReadAll),
        new("9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30", "Read all applications", SandboxGraphPermissions.ApplicationReadAll),
        new("7ab1d382-f21e-4acd-a863-ba3e13f7da61", "Read directory data", SandboxGraphPermissions.DirectoryReadAll),
        new("741f803b-c850-494e-b5df-cde7c675a1ca", "Read and write all users' full profiles", SandboxGraphPermissions.UserReadWriteAll),
        new("62a82d76-70ea-41e2-9197-370581804d09", "Read and write all groups", SandboxGraphPermissions.GroupReadWriteAll),
        new("06b708a9-e830-4db3-a914-8e69da51d44f", "Manage app permission grants and app role assignments", SandboxGraphPermissions.AppRoleAssignmentReadWriteAll),
        new("19dbc75e-c2e2-444c-a770-ec69d8559fc7", "Read and write directory data", SandboxGraphPermissions.DirectoryReadWriteAll),
    ]);

    /// <summary>Microsoft Graph's or a registered client's service principal, by id or app id; null for any other.</summary>
    private SandboxServicePrincipal? GrantsServicePrincipal(string idOrAppId)
    {
        if (string.Equals(idOrAppId, MicrosoftGraph.Id, StringComparison.OrdinalIgnoreCase) || string.Equals(idOrAppId, MicrosoftGraphAppId, StringComparison.OrdinalIgnoreCase))
        {
            return MicrosoftGraph;
        }

        var client = directory.FindClient(idOrAppId) ?? directory.Clients().FirstOrDefault(c => string.Equals(ClientServicePrincipalId(c), idOrAppId, StringComparison.OrdinalIgnoreCase));
        return client is null ? null : new SandboxServicePrincipal(ClientServicePrincipalId(client), client.ClientId, $"App {client.ClientId}", []);
    }

    /// <summary>The Graph permissions consented to a client's service principal, as its <c>appRoleAssignments</c>.</summary>
    private GraphResult Grants(SandboxServicePrincipal sp, string baseUrl)
    {
        var client = directory.FindClient(sp.AppId);
        var granted = MicrosoftGraph.AppRoles.Where(r => client?.Permissions.Contains(r.Value!) == true).ToList();
        return GraphResult.Ok(GraphJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", $"{baseUrl}/$metadata#servicePrincipals('{sp.Id}')/appRoleAssignments");
            w.WriteStartArray("value");
            foreach (var role in granted)
            {
                WriteAssignment(w, new SandboxAssignment(IdOf(sp.Id + role.Id), MicrosoftGraph.Id, sp.Id, "ServicePrincipal", role.Id, sp.DisplayName,
                    DateTimeOffset.UnixEpoch), MicrosoftGraph);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    private static string ClientServicePrincipalId(SandboxClient client) => IdOf("sp:" + client.ClientId);

    // Derived from a name, so the same every run.
    private static string IdOf(string seed) => new Guid(MD5.HashData(Encoding.UTF8.GetBytes(seed))).ToString();
}
