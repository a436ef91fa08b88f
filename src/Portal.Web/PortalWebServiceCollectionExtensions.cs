using MudBlazor.Services;
using Portal.Data;
using Portal.Web.Api;
using Portal.Web.Features;
using Portal.Web.Hosting;
using Portal.Web.Hosting.Hardening;
using Portal.Web.Identity;

namespace Portal.Web;

public static class PortalWebServiceCollectionExtensions
{
    /// <summary>Everything the web host needs: data, identity, background jobs, health checks, logging and the Blazor UI.</summary>
    public static WebApplicationBuilder AddPortalWeb(this WebApplicationBuilder builder)
    {
        // The content root is the repository root, not the project folder, so package assets (MudBlazor) are found
        // through the build's static web assets manifest in every environment; a published app has no manifest.
        builder.WebHost.UseStaticWebAssets();
        builder.AddPortalLogging();
        builder.AddPortalBackground();
        builder.AddPortalIdentity();
        builder.AddPortalHardening();
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<PortalDbContext>("database")
            .AddCheck<HangfireStorageHealthCheck>("hangfire-storage");
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddPortalFeatures();
        builder.Services.AddPortalApiDescription();
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
