using MudBlazor.Services;
using Portal.Data;
using Portal.Sandbox;
using Portal.Web.Endpoints;
using Portal.Web.Features;
using Portal.Web.Hosting;
using Portal.Web.Notifications;

namespace Portal.Web;

public static class PortalWebServiceCollectionExtensions
{
    /// <summary>Everything the web host needs: data, background jobs, health checks, logging and the Blazor UI.</summary>
    public static WebApplicationBuilder AddPortalWeb(this WebApplicationBuilder builder)
    {
        // The content root is the repository root, not the project folder, so package assets (MudBlazor) are found
        // through the build's static web assets manifest in every environment; a published app has no manifest.
        builder.WebHost.UseStaticWebAssets();
        var database = DatabaseSettings.FromConfiguration(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddPortalData(database);
        builder.AddPortalLogging();
        builder.AddPortalHangfire(database);
        builder.AddPortalNotifications();
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<PortalDbContext>("database")
            .AddCheck<HangfireStorageHealthCheck>("hangfire-storage");
        if (builder.Configuration.GetValue(SandboxEndpoints.EnabledKey, false))
        {
            builder.Services.AddSandbox();
        }

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddPortalFeatures();
        return builder;
    }

    private static void AddPortalLogging(this IHostApplicationBuilder builder)
    {
        // The built-in logger is enough: scopes and structured state survive in its JSON formatter, which any log
        // shipper reads, and it needs no extra package. Humans read the simple console in Development.
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }
    }
}
