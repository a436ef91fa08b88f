using Portal.Data.Entities;
using Portal.Provisioning.Targets;
using Portal.Sandbox;
using Portal.Sandbox.Graph;
using Portal.Web.Endpoints;

namespace Portal.Web.Features.Applications;

/// <summary>
/// In the embedded default, adding a gallery application to the demo tenant links it to the enterprise application
/// the sandbox directory already has for it (as adding a gallery app in Entra creates its service principal) and
/// points its Tenant URL at the matching sandbox target. The admin still enters the admin credentials. Registered
/// only when the sandbox is on.
/// </summary>
public sealed class SandboxApplications(IConfiguration configuration)
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
}
