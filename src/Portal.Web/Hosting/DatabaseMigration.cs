using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Web.Hosting;

internal static class DatabaseMigration
{
    /// <summary>
    /// Applies pending migrations when <c>Database:MigrateOnStartup</c> is on (the embedded default); production runs
    /// <c>portal db migrate</c> or the idempotent scripts instead.
    /// </summary>
    public static async Task MigratePortalDatabaseAsync(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Database:MigrateOnStartup", false))
        {
            return;
        }

        app.Services.GetRequiredService<DatabaseSettings>().EnsureStorageFolder();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Database.MigrateAsync();
    }
}
