using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.DependencyInjection;

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
        services.AddHangfire(_ => { });
        services.AddSingleton<JobStorage>(sp =>
        {
            sp.GetRequiredService<IGlobalConfiguration>();
            return new InMemoryStorage(new InMemoryStorageOptions());
        });
        return services;
    }
}
