using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using MudBlazor.Services;
using Portal.Data;
using Portal.Data.Tenancy;
using Portal.Web.Features;
using Portal.Web.Identity;
using Portal.Web.Jobs;

namespace Portal.Web.Tests.Components;

internal static class PortalTestServices
{
    /// <summary>
    /// What every UI test needs, in the spirit of MudBlazor's own AddTestServices: loose JS interop, MudBlazor with no
    /// transitions and no popover-provider check, the portal's data and feature services on a real database, scoped to
    /// <paramref name="tenantId"/>, and a signed-in user holding <paramref name="policies"/>.
    /// </summary>
    public static BunitContext AddPortalTestServices(this BunitContext context, DatabaseSettings database, Guid tenantId, params string[] policies)
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices(options =>
        {
            options.PopoverOptions.CheckForPopoverProvider = false;
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        context.Services.AddPortalData(database);
        context.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        context.Services.AddScoped(_ => new TenantContext { TenantId = tenantId });
        context.Services.AddScoped(sp =>
        {
            var user = new CurrentUser(sp.GetRequiredService<TenantContext>());
            user.Set(TestPrincipals.Of(tenantId, PortalRoles.TenantAdmin));
            return user;
        });
        context.Services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Development });
        context.Services.AddPortalFeatures();
        context.Services.AddSingleton(new AssignmentWatchSettings());
        var auth = context.AddAuthorization();
        auth.SetAuthorized("admin@contoso.test");
        auth.SetPolicies(policies.Length == 0 ? [PortalPolicies.TenantAdmin, PortalPolicies.HelpDesk] : policies);
        return context;
    }
}
