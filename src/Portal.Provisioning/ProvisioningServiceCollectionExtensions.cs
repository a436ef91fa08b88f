using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Expressions;
using Portal.Provisioning.Mapping;

namespace Portal.Provisioning;

public static class ProvisioningServiceCollectionExtensions
{
    /// <summary>
    /// Registers the provisioning engine. Needs <c>AddPortalData</c>, an <see cref="Source.IDirectorySourceFactory"/> and an
    /// <see cref="Targets.ITargetConnectorFactory"/>. Expression mappings use the registered
    /// <see cref="ExpressionCompiler"/> (the shared default unless one is registered first).
    /// </summary>
    public static IServiceCollection AddProvisioning(this IServiceCollection services, EngineOptions? options = null)
    {
        services.TryAddSingleton(options ?? new EngineOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(ExpressionCompiler.Default);
        services.TryAddSingleton<IMappingExpressionEvaluator, ExpressionLanguageEvaluator>();
        services.AddMetrics();
        services.TryAddSingleton<CycleWriteMetrics>();
        services.TryAddSingleton<ProvisioningEngine>();
        return services;
    }
}
