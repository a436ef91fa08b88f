using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;

namespace Portal.Provisioning.Source.Graph;

/// <summary>
/// Test Connection: gets a token, then makes one small request per permission the source needs and names each
/// permission Graph denied, with where to grant it; once connected, says when the client secret in use expires and
/// whether the optional permission to assign users and groups is granted.
/// </summary>
internal sealed class GraphConnectionTester(GraphServiceClient client, DirectorySourceSettings settings, GraphClientSecretReader secrets, TimeProvider time)
{
    public async Task<SourceConnectionTest> TestAsync(string? servicePrincipalId, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        var problems = new List<string>();
        string? appName = null;
        int roleCount = 0;
        var probes = new List<(string Permission, Func<Task> Probe)>
        {
            (GraphFailure.UserPermission, () => client.Users.GetAsync(rc => { rc.QueryParameters.Top = 1; rc.QueryParameters.Select = ["id"]; }, cancellationToken)),
            (GraphFailure.GroupPermission, () => client.Groups.GetAsync(rc => { rc.QueryParameters.Top = 1; rc.QueryParameters.Select = ["id"]; }, cancellationToken)),
        };
        if (servicePrincipalId is not null)
        {
            probes.Add((GraphFailure.ApplicationPermission, async () =>
            {
                var sp = await client.ServicePrincipals[servicePrincipalId].GetAsync(rc => rc.QueryParameters.Select = ["id", "displayName", "appRoles"], cancellationToken);
                appName = sp?.DisplayName;
                roleCount = sp?.AppRoles?.Count ?? 0;
            }));
        }

        foreach (var (permission, probe) in probes)
        {
            try
            {
                await probe();
            }
            catch (ODataError error) when (error.ResponseStatusCode == 403)
            {
                missing.Add(permission);
            }
            catch (ODataError error) when (error.ResponseStatusCode == 404 && permission == GraphFailure.ApplicationPermission)
            {
                problems.Add($"No enterprise application (service principal) with object id {servicePrincipalId} exists in directory {settings.TenantId}. " +
                    "Copy the Object ID from Entra ID > Enterprise applications > the app > Overview (not the Application ID).");
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                var message = ex is DirectorySourceException ? ex.Message : GraphFailure.Describe("the directory", permission, ex, 0);
                return new SourceConnectionTest(false, message, [],
                    CredentialsRejected: ex is DirectorySourceException { IsCredentialFailure: true } or ODataError { ResponseStatusCode: 401 });
            }
        }

        if (missing.Count > 0)
        {
            problems.Insert(0, $"The app registration {settings.ClientId} lacks the Microsoft Graph application permission{(missing.Count > 1 ? "s" : "")} " +
                $"{string.Join(", ", missing)}. In Entra ID open App registrations > the app > API permissions, add Microsoft Graph > " +
                $"Application permissions > {string.Join(" and ", missing)}, then select \"Grant admin consent\".");
        }

        if (problems.Count > 0)
        {
            return new SourceConnectionTest(false, string.Join(" ", problems), missing);
        }

        var connected = $"Connected to {settings.GraphBaseUrl} as application {settings.ClientId}: users and groups can be read";
        var checkedWhat = servicePrincipalId is null
            ? $"{connected}. No application is linked to its enterprise application yet, so reading app role assignments ({GraphFailure.ApplicationPermission}) was not checked."
            : $"{connected}, and the enterprise application '{appName}' with {roleCount} app role{(roleCount == 1 ? "" : "s")}.";
        var (secret, said) = await ClientSecretAsync(cancellationToken);
        var mayAssign = await new GraphPermissionGrants(client, settings).HoldsAsync(GraphAssignmentWriter.Permission, cancellationToken);
        var assigning = mayAssign switch
        {
            true => $" Tenant admins may assign users and groups from the portal ({GraphAssignmentWriter.Permission} is granted).",
            false => $" Assigning users and groups from the portal needs {GraphAssignmentWriter.Permission}, which is not granted: optional; "
                + "without it, assign them in the Entra admin center.",
            null => "",
        };
        return new SourceConnectionTest(true, $"{checkedWhat} {said}{assigning}", [], ClientSecret: secret, MayAssign: mayAssign);
    }

    // The connection works without knowing the secret's end date: a failure to read it is said, not a failed test.
    private async Task<(ClientSecretStatus? Status, string Said)> ClientSecretAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await secrets.ReadAsync(cancellationToken) is { } status
                ? (status, status.Describe(time.GetUtcNow()))
                : (null, "The app registration lists no client secret that begins as the one in use (secrets from before Entra kept their first characters are listed without them), so when it ends is not known.");
        }
        catch (DirectorySourceException e)
        {
            return (null, $"When the client secret expires is not known: {e.Message}");
        }
    }
}
