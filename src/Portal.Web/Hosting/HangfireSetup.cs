using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Portal.Data;

namespace Portal.Web.Hosting;

internal static class HangfireSetup
{
    /// <summary>
    /// Hangfire with storage by provider: in-memory for the embedded SQLite default (EF Core is the truth for schedules,
    /// so nothing that matters is lost), the portal's own SQL Server or PostgreSQL database in production, shared by
    /// every node. Storage and job activation belong to this host's services rather than Hangfire's process-wide
    /// defaults, so two hosts in one process (tests of several nodes) stay apart.
    /// </summary>
    public static void AddPortalHangfire(this IHostApplicationBuilder builder, DatabaseSettings database)
    {
        builder.Services.AddHangfire((sp, config) => config
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        builder.Services.AddSingleton<JobStorage>(sp =>
        {
            // Resolving the configuration first binds Hangfire's logging to this host before the storage logs.
            sp.GetRequiredService<IGlobalConfiguration>();
            return database.Provider switch
            {
                DatabaseProvider.SqlServer => new SqlServerStorage(database.ConnectionString),
                // A "Sync now" should start within seconds, not at the default 15-second queue poll.
                DatabaseProvider.PostgreSql => new PostgreSqlStorage(
                    new NpgsqlConnectionFactory(database.ConnectionString, new PostgreSqlStorageOptions()),
                    new PostgreSqlStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(2) }),
                _ => new InMemoryStorage(new InMemoryStorageOptions()),
            };
        });

        // Dedicated UI nodes can turn job processing off; the schedule still lives in the shared storage.
        if (builder.Configuration.GetValue("Portal:RunJobs", true))
        {
            builder.Services.AddHangfireServer((sp, options) =>
                options.Activator = new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        }
    }
}
