using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.Provisioning.Targets.Scim;

public static class ScimTargetsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ITargetConnectorFactory"/> (SCIM with dialect profiles), <see cref="ScimTargetConnectorFactory"/>
    /// and the <see cref="ConformanceProbe"/>. The engine then calls <c>factory.Create(settings)</c> per job.
    /// </summary>
    public static IServiceCollection AddScimTargets(this IServiceCollection services, Action<ScimClientOptions>? configure = null)
    {
        services.TryAddSingleton(sp =>
        {
            var options = new ScimClientOptions
            {
                Time = sp.GetService<TimeProvider>() ?? TimeProvider.System,
                Resolve = sp.GetService<HostResolver>(),
                Dial = sp.GetService<AddressDialer>(),
                AddressLog = sp.GetService<ILoggerFactory>()?.CreateLogger<TargetAddressGuard>(),
            };
            return configure is null ? options : Configure(options, configure);
        });
        services.TryAddSingleton<ScimTargetConnectorFactory>();
        services.TryAddSingleton<ITargetConnectorFactory>(sp => sp.GetRequiredService<ScimTargetConnectorFactory>());
        services.TryAddSingleton<ConformanceProbe>();
        return services;
    }

    private static ScimClientOptions Configure(ScimClientOptions options, Action<ScimClientOptions> configure)
    {
        configure(options);
        return options;
    }
}
