using Portal.Data.Entities;
using Portal.Provisioning.Targets;
using Portal.Sandbox;
using Portal.Sandbox.Graph;
using Portal.Web.Endpoints;

namespace Portal.Web.Features.Applications;

/// <summary>
/// In the embedded default, adding a gallery application to the demo tenant links it to the enterprise application
/// the sandbox directory already has for it (as adding a gallery app in Entra creates its service principal) and
/// points its Tenant URL at the matching sandbox target. The admin still enters the admin credentials, as on the real
/// path; the Provisioning tab names the sandbox's demo values beside them. Registered only when the sandbox is on.
/// </summary>
public sealed class SandboxApplications(IConfiguration configuration, SandboxTargets targets)
{
    public void Prefill(Application application, TargetConnection target, string directoryId)
    {
        if (directoryId != SandboxDemoIds.TenantId)
        {
            return;
        }

        var host = SandboxEndpoints.PublicBaseUrl(configuration);
        switch (application.TemplateId)
        {
            case GalleryTemplates.GoToMeetingId:
                application.ServicePrincipalId = SandboxDemoIds.GoToServicePrincipalId;
                target.BaseUrl = host + SandboxServiceCollectionExtensions.GoToPrefix;
                target.TokenEndpoint = host + SandboxServiceCollectionExtensions.GoToPrefix + "/oauth/token";
                break;
            case GalleryTemplates.GenericScimId:
                application.ServicePrincipalId = SandboxDemoIds.ScimServicePrincipalId;
                target.BaseUrl = host + SandboxServiceCollectionExtensions.ScimPrefix;
                break;
        }
    }

    /// <summary>The demo credentials of the sandbox target a Tenant URL points at; null for any other address.</summary>
    public string? CredentialsHint(string? tenantUrl)
    {
        var host = SandboxEndpoints.PublicBaseUrl(configuration);
        var url = tenantUrl?.Trim().TrimEnd('/');
        if (string.Equals(url, host + SandboxServiceCollectionExtensions.GoToPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var goTo = targets.GoTo.Options;
            return $"This is the sandbox GoTo Meeting target. Its demo credentials: Admin User Name {goTo.AdminUserName}, Admin Password {goTo.AdminPassword}.";
        }

        if (string.Equals(url, host + SandboxServiceCollectionExtensions.ScimPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var scim = targets.Scim.Options;
            return $"This is the sandbox SCIM target. Its demo credentials: Secret Token {scim.BearerToken} (Bearer authentication), or client id {scim.ClientId} and secret {scim.ClientSecret} at {url}/oauth/token.";
        }

        return null;
    }
}
