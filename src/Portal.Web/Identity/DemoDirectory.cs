using Portal.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Sandbox;
using Portal.Sandbox.Graph;
using Portal.Web.Endpoints;

namespace Portal.Web.Identity;

/// <summary>
/// The demo tenant of the embedded default: the Graph emulator's demo directory and three people, one per role, so the
/// dev sign-in has someone to be. Seeded only into an empty database.
/// </summary>
public static class DemoDirectory
{
    /// <summary>The emulator's demo directory, so the demo tenant reads the directory the sandbox serves.</summary>
    public const string DirectoryId = SandboxDemoIds.TenantId;
    public const string DisplayName = "Contoso (demo)";

    public static readonly IReadOnlyList<(string ObjectId, string UserPrincipalName, string DisplayName, string Role)> Users =
    [
        ("11111111-0000-0000-0000-00000000a001", "admin@contoso.example", "Adele Admin", PortalRoles.TenantAdmin),
        ("11111111-0000-0000-0000-00000000a002", "helpdesk@contoso.example", "Henry Helpdesk", PortalRoles.HelpDesk),
        ("11111111-0000-0000-0000-00000000a003", "operator@contoso.example", "Olga Operator", PortalRoles.Operator),
    ];

    public static async Task SeedIfEmptyAsync(IServiceProvider services, CancellationToken ct)
    {
        var contexts = services.GetRequiredService<TenantDbContexts>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using (var global = contexts.ForSystem())
        {
            if (await global.Tenants.AnyAsync(ct))
            {
                return;
            }
        }

        var tenant = new Tenant { DirectoryId = DirectoryId, DisplayName = DisplayName, CreatedAt = now };
        var configuration = services.GetRequiredService<IConfiguration>();
        if (configuration.GetValue(SandboxEndpoints.EnabledKey, false))
        {
            ConnectToSandbox(tenant, configuration, services.GetRequiredService<SecretProtector>());
        }

        await using var db = contexts.For(tenant.Id);
        db.Tenants.Add(tenant);
        db.PortalUsers.AddRange(Users.Select(u => new PortalUser
        {
            ObjectId = u.ObjectId,
            UserPrincipalName = u.UserPrincipalName,
            DisplayName = u.DisplayName,
            Roles = [u.Role],
            CreatedAt = now,
        }));
        await db.SaveChangesAsync(ct);
    }

    // The embedded default reads its directory from the emulator the host itself serves, over real HTTP.
    private static void ConnectToSandbox(Tenant tenant, IConfiguration configuration, SecretProtector secrets)
    {
        var host = SandboxEndpoints.PublicBaseUrl(configuration);
        tenant.Directory.ClientId = SandboxDemoIds.ClientId;
        tenant.Directory.ClientSecret = secrets.Protect(SandboxDemoIds.ClientSecret);
        tenant.Directory.GraphBaseUrl = $"{host}{SandboxServiceCollectionExtensions.GraphPrefix}/v1.0";
        tenant.Directory.TokenEndpoint = $"{host}{SandboxServiceCollectionExtensions.GraphPrefix}/{SandboxDemoIds.TenantId}/oauth2/v2.0/token";
    }

    /// <summary>Seeds the demo tenant at start-up when <see cref="IdentitySettings.SeedDemoTenant"/> is on.</summary>
    public static async Task SeedDemoTenantAsync(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IdentitySettings>().SeedDemoTenant)
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        await SeedIfEmptyAsync(scope.ServiceProvider, app.Lifetime.ApplicationStopping);
    }
}
