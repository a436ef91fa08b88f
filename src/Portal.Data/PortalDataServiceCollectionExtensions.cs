using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;

namespace Portal.Data;

public static class PortalDataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the DbContext factory (scoped, so each context reads the scope's tenant), Data Protection with keys in
    /// the database, and the secret protector.
    /// </summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        services.AddScoped<TenantContext>();
        services.AddScoped<ITenantContext>(sp => sp.GetRequiredService<TenantContext>());
        services.AddDbContextFactory<PortalDbContext>(settings.Configure, ServiceLifetime.Scoped);
        services.AddDataProtection().SetApplicationName("Portal").PersistKeysToDbContext<PortalDbContext>();
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<TenantDbContexts>();
        return services;
    }
}
