using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Data.Tenancy;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Expressions;
using Portal.Provisioning.Targets.Scim;
using Portal.Web.Features.Applications;
using Portal.Web.Features.Audit;
using Portal.Web.Features.HelpDesk;
using Portal.Web.Features.Logs;
using Portal.Web.Features.Mappings;
using Portal.Web.Features.Notifications;
using Portal.Web.Features.Overview;
using Portal.Web.Features.Provisioning;
using Portal.Web.Jobs;

namespace Portal.Web.Features;

public static class PortalFeaturesServiceCollectionExtensions
{
    /// <summary>
    /// The admin UI's services (queries, saves with validation, exports). Seams (audit, engine actions) are
    /// registered with TryAdd so the real implementations, registered earlier by their modules, win.
    /// </summary>
    public static IServiceCollection AddPortalFeatures(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Test Connection needs the SCIM connector; its registrations are TryAdd, so the engine registering it too is fine.
        services.AddScimTargets();
        services.TryAddScoped<IConfigurationAudit, ConfigurationAuditSeam>();
        // The engine's actions once AddProvisioning has registered the engine; until then the UI says it is not installed.
        services.TryAddScoped<IProvisioningActions>(sp => sp.GetService<ProvisioningEngine>() is { } engine
            ? new EngineProvisioningActions(engine, sp.GetRequiredService<ProvisioningScheduler>(), sp.GetRequiredService<ITenantContext>())
            : new PendingProvisioningActions());
        services.TryAddSingleton(ExpressionCompiler.Default);
        services.TryAddSingleton<IMappingExpressions, LanguageExpressions>();
        services.AddScoped<ApplicationCatalog>();
        services.AddScoped<DirectoryAccess>();
        services.AddScoped<JobSettingsService>();
        services.AddScoped<ConnectionTester>();
        services.AddScoped<JobProgressQuery>();
        services.AddScoped<MappingService>();
        services.AddScoped<MappingValidator>();
        services.AddScoped<ProvisioningLogQuery>();
        services.AddScoped<FailuresInbox>();
        services.AddScoped<NotificationInbox>();
        services.AddScoped<MailSettingsEditor>();
        services.AddScoped<DashboardQuery>();
        return services;
    }
}
