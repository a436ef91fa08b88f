using Hangfire;
using Hangfire.PostgreSql;
using Portal.Data;

namespace Portal.Web.Hosting;

internal static class HangfireSetup
{
    /// <summary>
    /// Hangfire with storage by provider: in-memory for the embedded SQLite default (EF Core is the truth for schedules,
    /// so nothing that matters is lost), the portal's own SQL Server or PostgreSQL database in production.
    /// </summary>
    public static void AddPortalHangfire(this IHostApplicationBuilder builder, DatabaseSettings database)
    {
        builder.Services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            switch (database.Provider)
            {
                case DatabaseProvider.SqlServer:
                    config.UseSqlServerStorage(database.ConnectionString);
                    break;
                case DatabaseProvider.PostgreSql:
                    config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(database.ConnectionString));
                    break;
                default:
                    config.UseInMemoryStorage();
                    break;
            }
        });

        // Dedicated UI nodes can turn job processing off; the schedule still lives in the shared storage.
        if (builder.Configuration.GetValue("Portal:RunJobs", true))
        {
            builder.Services.AddHangfireServer();
        }
    }
}
