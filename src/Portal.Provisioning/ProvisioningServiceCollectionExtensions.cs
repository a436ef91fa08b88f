using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Mapping;

namespace Portal.Provisioning;

public static class ProvisioningServiceCollectionExtensions
{
    /// <summary>
    /// Registers the provisioning engine. Needs <c>AddPortalData</c>, an <see cref="Source.IDirectorySourceFactory"/> and an
    /// <see cref="Targets.ITargetConnectorFactory"/>; the expression evaluator falls back to the built-in one for the
    /// default templates' expressions until the full expression language is registered.
    /// </summary>
    public static IServiceCollection AddProvisioning(this IServiceCollection services, EngineOptions? options = null)
    {
        services.TryAddSingleton(options ?? new EngineOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMappingExpressionEvaluator, BuiltInExpressionEvaluator>();
        services.TryAddSingleton<ProvisioningEngine>();
        return services;
    }
}
