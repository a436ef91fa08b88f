using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Expressions;
using Portal.Provisioning.Targets.Scim;
using Portal.Web.Audit;
using Portal.Web.Features.Api;
using Portal.Web.Features.Applications;
using Portal.Web.Features.HelpDesk;
using Portal.Web.Features.Logs;
using Portal.Web.Features.Mappings;
using Portal.Web.Features.Notifications;
using Portal.Web.Features.Overview;
using Portal.Web.Features.Provisioning;
using Portal.Web.Hosting.Hardening;
using Portal.Web.Identity;

namespace Portal.Web.Features;

public static class PortalFeaturesServiceCollectionExtensions
{
    /// <summary>
    /// The admin UI's services (queries, saves with validation, exports). The engine actions seam is
    /// registered with TryAdd so the real implementations, registered earlier by their modules, win.
    /// </summary>
    public static IServiceCollection AddPortalFeatures(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Test Connection needs the SCIM connector; its registrations are TryAdd, so the engine registering it too is fine.
        services.AddScimTargets();
        // One audit writer for every change; the identity module registers the same two, the UI tests rely on these.
        services.TryAddScoped<CurrentUser>();
        services.TryAddScoped<AuditLog>();
        // The engine's actions once AddProvisioning has registered the engine; until then the UI says it is not installed.
        services.TryAddScoped<IProvisioningActions>(sp => sp.GetService<ProvisioningEngine>() is { } engine
            ? ActivatorUtilities.CreateInstance<EngineProvisioningActions>(sp, engine)
            : new PendingProvisioningActions());
        services.TryAddSingleton(new HardeningSettings());
        services.TryAddSingleton<JobActionLimits>();
        services.TryAddSingleton(ExpressionCompiler.Default);
        services.TryAddSingleton<IMappingExpressions, LanguageExpressions>();
        services.AddScoped<ApplicationCatalog>();
        services.AddScoped<DirectoryAccess>();
        services.AddScoped<ApiKeys>();
        services.AddScoped<JobSettingsService>();
        services.AddScoped<ConnectionTester>();
        services.AddScoped<JobProgressQuery>();
        services.AddScoped<ProvisionedAccounts>();
        services.AddScoped<ReleasedObjects>();
        services.AddScoped<MappingService>();
        services.AddScoped<MappingValidator>();
        services.AddScoped<TargetAttributeSuggestions>();
        services.AddScoped<ProvisioningLogQuery>();
        services.AddMetrics().AddSingleton<LogQueryMetrics>();
        services.AddScoped<LogEntryQuery>();
        services.AddScoped<FailuresInbox>();
        services.AddScoped<NotificationInbox>();
        services.AddScoped<MailSettingsEditor>();
        services.AddScoped<DirectorySource.DirectoryConnectionEditor>();
        services.AddScoped<DashboardQuery>();
        return services;
    }
}
