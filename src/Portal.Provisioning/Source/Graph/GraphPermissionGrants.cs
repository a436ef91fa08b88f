using Microsoft.Graph;

namespace Portal.Provisioning.Source.Graph;

/// <summary>
/// Whether the portal's app registration holds a Microsoft Graph application permission, as Entra records the consent:
/// an app-role assignment of Microsoft Graph's app role (the permission) to the app's service principal. Read with
/// Application.Read.All, which the portal needs anyway; nothing is written to learn it.
/// </summary>
internal sealed class GraphPermissionGrants(GraphServiceClient client, DirectorySourceSettings settings)
{
    // Microsoft Graph's application id, the same in every tenant.
    private const string MicrosoftGraphAppId = "00000003-0000-0000-c000-000000000000";

    /// <summary>True or false; null when the grants could not be read (the test does not fail for it).</summary>
    public async Task<bool?> HoldsAsync(string permission, CancellationToken cancellationToken)
    {
        try
        {
            var graph = await client.ServicePrincipalsWithAppId(MicrosoftGraphAppId).GetAsync(
                rc => rc.QueryParameters.Select = ["id", "appRoles"], cancellationToken);
            var role = graph?.AppRoles?.FirstOrDefault(r => string.Equals(r.Value, permission, StringComparison.Ordinal));
            var portal = await client.ServicePrincipalsWithAppId(settings.ClientId).GetAsync(rc => rc.QueryParameters.Select = ["id"], cancellationToken);
            if (role?.Id is not { } roleId || graph?.Id is not { } graphId || portal?.Id is not { } portalId)
            {
                return null;
            }

            // An app holds tens of permissions at most: one page holds them all.
            var grants = await client.ServicePrincipals[portalId].AppRoleAssignments.GetAsync(rc => rc.QueryParameters.Top = 999, cancellationToken);
            return grants?.Value?.Any(g => g.AppRoleId == roleId && string.Equals(g.ResourceId?.ToString(), graphId, StringComparison.OrdinalIgnoreCase)) == true;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }
}
