using Microsoft.AspNetCore.Components.Endpoints;
using Portal.Web.Components;
using Portal.Web.Features.Sandbox;

namespace Portal.Web.Endpoints;

internal static class ComponentEndpoints
{
    public static IEndpointRouteBuilder MapPortalComponents(this IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        var sandbox = configuration.GetValue(SandboxEndpoints.EnabledKey, false);
        endpoints.MapRazorComponents<App>().AddInteractiveServerRenderMode().Add(builder =>
        {
            // Blazor maps every routable component of the assembly; a sandbox page without the sandbox must not answer.
            if (!sandbox && builder.Metadata.OfType<ComponentTypeMetadata>().Any(m => m.Type.IsDefined(typeof(SandboxOnlyAttribute), false)))
            {
                builder.RequestDelegate = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                };
            }
        });
        return endpoints;
    }
}
