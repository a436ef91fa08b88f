using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Sandbox.Graph;

namespace Portal.Sandbox;

/// <summary>Mounting and registering the offline Graph emulator in a host.</summary>
public static class SandboxGraphEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the emulator under <paramref name="prefix"/> (e.g. <c>/sandbox/graph</c>): Graph at
    /// <c>{prefix}/v1.0/…</c>, the token endpoint at <c>{prefix}/{tenantId}/oauth2/v2.0/token</c>.
    /// </summary>
    public static RouteGroupBuilder MapSandboxGraph(this IEndpointRouteBuilder endpoints, string prefix, SandboxGraphEmulator emulator) =>
        SandboxGraphEndpoints.Map(endpoints, prefix, emulator);

    /// <summary>Mounts the emulator registered with <see cref="AddSandboxGraph"/>.</summary>
    public static RouteGroupBuilder MapSandboxGraph(this IEndpointRouteBuilder endpoints, string prefix) =>
        SandboxGraphEndpoints.Map(endpoints, prefix, endpoints.ServiceProvider.GetRequiredService<SandboxGraphEmulator>());

    /// <summary>Registers one emulator holding the seeded demo directory (the embedded default's directory).</summary>
    public static IServiceCollection AddSandboxGraph(this IServiceCollection services, Action<SandboxGraphOptions>? configure = null)
    {
        services.AddSingleton(sp =>
        {
            var options = new SandboxGraphOptions();
            configure?.Invoke(options);
            return SandboxGraphEmulator.CreateDemo(options, sp.GetService<TimeProvider>());
        });
        return services;
    }
}
