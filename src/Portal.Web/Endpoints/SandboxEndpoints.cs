using Portal.Sandbox;

namespace Portal.Web.Endpoints;

internal static class SandboxEndpoints
{
    public const string EnabledKey = "Sandbox:Enabled";

    /// <summary>
    /// Where the host can reach itself, from its first listening URL (<c>urls</c>); wildcard hosts become localhost.
    /// The sandbox's directory and targets are addressed through it, over real HTTP.
    /// </summary>
    public static string PublicBaseUrl(IConfiguration configuration)
    {
        var first = (configuration["urls"] ?? "http://localhost:5000").Split(';', StringSplitOptions.RemoveEmptyEntries)[0];
        var uri = new UriBuilder(first.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]")
        {
            uri.Host = "localhost";
        }

        return uri.Uri.GetLeftPart(UriPartial.Authority);
    }

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
