using Portal.Data;
using Portal.Web;
using Portal.Web.Api;
using Portal.Web.ChangeNotifications;
using Portal.Web.Endpoints;
using Portal.Web.Hosting;
using Portal.Web.Hosting.Hardening;
using Portal.Web.Identity;

try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = args,
        ContentRootPath = PortalContentRoot.Find(args),
    });
    builder.AddPortalWeb();

    var app = builder.Build();
    await app.MigratePortalDatabaseAsync();
    await app.SeedDemoTenantAsync();

    app.UsePortalHardening();
    if (!app.Environment.IsDevelopment())
    {
        app.UseExceptionHandler("/error", createScopeForErrors: true);
    }

    app.UseStaticFiles();
    app.UseAuthentication();
    app.UseTenantResolution();
    app.UseAuthorization();
    app.UseRateLimiter();
    app.UseAntiforgery();
    app.MapStaticAssets();
    app.MapHealthEndpoints();
    app.MapAccountEndpoints();
    app.MapAccountDevSignInEndpoints();
    app.MapAuditEndpoints();
    app.MapHangfireDashboardForOperators();
    app.MapLogExports();
    app.MapReconciliationExport();
    app.MapMappingExport();
    app.MapAccountsExport();
    app.MapPortalApi();
    app.MapChangeNotifications();
    app.MapPortalComponents(app.Configuration);
    app.MapSandboxWhenEnabled(app.Configuration);

    await app.RunAsync();
    return 0;
}
catch (PortalConfigurationException e)
{
    // One line that names the setting; no stack trace for a configuration mistake.
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 2;
}

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
