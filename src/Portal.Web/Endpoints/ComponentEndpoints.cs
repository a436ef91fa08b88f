using Portal.Web.Components;

namespace Portal.Web.Endpoints;

internal static class ComponentEndpoints
{
    public static IEndpointRouteBuilder MapPortalComponents(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return endpoints;
    }
}
