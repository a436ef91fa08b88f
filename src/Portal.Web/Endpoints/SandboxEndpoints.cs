using Portal.Sandbox;

namespace Portal.Web.Endpoints;

internal static class SandboxEndpoints
{
    public const string EnabledKey = "Sandbox:Enabled";

    /// <summary>Mounts the offline Graph emulator and SCIM targets when the embedded default's sandbox is on.</summary>
    public static IEndpointRouteBuilder MapSandboxWhenEnabled(this IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        if (configuration.GetValue(EnabledKey, false))
        {
            endpoints.MapSandbox();
        }

        return endpoints;
    }
}
