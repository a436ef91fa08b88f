using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Sandbox.Scim;

namespace Portal.Sandbox;

/// <summary>
/// The embedded default's offline world, served by the portal host itself over real HTTP: the Graph emulator with the
/// demo directory at <see cref="GraphPrefix"/>, a strict SCIM 2.0 target at <see cref="ScimPrefix"/> and a
/// GoTo-flavoured one at <see cref="GoToPrefix"/>.
/// </summary>
public static class SandboxServiceCollectionExtensions
{
    public const string GraphPrefix = "/sandbox/graph";
    public const string ScimPrefix = "/sandbox/scim";
    public const string GoToPrefix = "/sandbox/goto";

    public static IServiceCollection AddSandbox(this IServiceCollection services)
    {
        services.AddSandboxGraph();
        services.AddSingleton(new SandboxTargets(
            new SandboxScimTarget(new SandboxScimOptions { Mode = SandboxScimMode.Strict }),
            new SandboxScimTarget(new SandboxScimOptions { Mode = SandboxScimMode.GoTo })));
        return services;
    }

    /// <summary>Mounts the sandbox; its endpoints carry their own (sandbox) authentication, not the portal's.</summary>
    public static IEndpointRouteBuilder MapSandbox(this IEndpointRouteBuilder endpoints)
    {
        var targets = endpoints.ServiceProvider.GetRequiredService<SandboxTargets>();
        endpoints.MapSandboxGraph(GraphPrefix).AllowAnonymous();
        endpoints.MapSandboxScim(ScimPrefix, targets.Scim).AllowAnonymous();
        endpoints.MapSandboxScim(GoToPrefix, targets.GoTo).AllowAnonymous();
        return endpoints;
    }
}

/// <summary>The sandbox SCIM targets of the embedded default, for inspection pages and tests.</summary>
public sealed record SandboxTargets(SandboxScimTarget Scim, SandboxScimTarget GoTo);
