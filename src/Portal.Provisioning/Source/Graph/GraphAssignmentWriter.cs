using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using GraphAssignment = Microsoft.Graph.Models.AppRoleAssignment;

namespace Portal.Provisioning.Source.Graph;

/// <summary>
/// Assigns users and groups to the enterprise application, and removes assignments, as Entra's "Users and groups" blade
/// does: <c>POST</c> and <c>DELETE</c> on <c>/servicePrincipals/{id}/appRoleAssignedTo</c>, which needs the application
/// permission AppRoleAssignment.ReadWrite.All beside the reads.
/// </summary>
internal sealed class GraphAssignmentWriter(GraphServiceClient client)
{
    public const string Permission = "AppRoleAssignment.ReadWrite.All";

    public async Task<AppRoleAssignment> AssignAsync(string servicePrincipalId, string principalId, string appRoleId, CancellationToken cancellationToken)
    {
        var (principal, resource, role) = (Id(principalId, "user or group"), Id(servicePrincipalId, "enterprise application"), Id(appRoleId, "app role"));
        try
        {
            var created = await client.ServicePrincipals[servicePrincipalId].AppRoleAssignedTo.PostAsync(new GraphAssignment
            {
                PrincipalId = principal,
                ResourceId = resource,
                AppRoleId = role,
            }, cancellationToken: cancellationToken);
            return new AppRoleAssignment(
                created?.PrincipalId?.ToString() ?? principalId,
                created?.PrincipalType == "Group" ? PrincipalType.Group : PrincipalType.User,
                created?.AppRoleId?.ToString() ?? appRoleId,
                created?.PrincipalDisplayName,
                created?.Id);
        }
        catch (ODataError e)
        {
            throw Failure("Assigning", e);
        }
    }

    public async Task UnassignAsync(string servicePrincipalId, string assignmentId, CancellationToken cancellationToken)
    {
        try
        {
            await client.ServicePrincipals[servicePrincipalId].AppRoleAssignedTo[assignmentId].DeleteAsync(cancellationToken: cancellationToken);
        }
        catch (ODataError e) when (e.ResponseStatusCode != 404)
        {
            // A 404 is an assignment someone already removed: what was asked for holds.
            throw Failure("Removing the assignment", e);
        }
    }

    // Graph's ids here are GUIDs; anything else is refused before a request is made.
    private static Guid Id(string value, string what) => Guid.TryParse(value, out var id)
        ? id
        : throw new DirectorySourceException($"Assigning failed: '{value}' is not the object id of a {what}.");

    private static DirectorySourceException Failure(string what, ODataError e) => new(e.ResponseStatusCode switch
    {
        403 => $"{what} was denied (403). {GraphFailure.PermissionAdvice(Permission)} Until then, assign users and groups in Entra ID > Enterprise applications > the app > Users and groups.",
        404 => $"{what} failed: the user, group or enterprise application no longer exists in the directory.",
        400 when e.Error?.Message?.Contains("already exists", StringComparison.OrdinalIgnoreCase) == true =>
            $"{what} failed: that user or group already has this role in the application.",
        _ => $"{what} failed: Graph answered {e.ResponseStatusCode} {e.Error?.Code}: {e.Error?.Message}",
    }, e)
    {
        IsCredentialFailure = e.ResponseStatusCode == 401,
        MissingPermission = e.ResponseStatusCode == 403 ? Permission : null,
    };
}
