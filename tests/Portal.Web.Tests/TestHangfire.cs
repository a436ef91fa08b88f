using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Web.Hosting;

namespace Portal.Web.Tests;

internal static class TestHangfire
{
    /// <summary>
    /// Hangfire with a storage of this host's own: Hangfire's JobStorage.Current and log provider are process-wide, and
    /// tests run hosts in parallel and one after another. Resolving IGlobalConfiguration first binds Hangfire's
    /// logging to this host before the storage is built.
    /// </summary>
    public static IServiceCollection AddIsolatedHangfire(this IServiceCollection services)
    {
        services.AddHangfire((sp, config) => config.UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton<JobStorage>(sp =>
        {
            sp.GetRequiredService<IGlobalConfiguration>();
            return new InMemoryStorage(new InMemoryStorageOptions());
        });
        return services;
    }

    /// <summary>A server that activates jobs from this host's services, not from the process-wide JobActivator.Current.</summary>
    public static IServiceCollection AddIsolatedHangfireServer(this IServiceCollection services) =>
        services.AddHangfireServer((sp, options) =>
        {
            options.Activator = new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>());
            options.SchedulePollingInterval = TimeSpan.FromMilliseconds(200);
        });
}
