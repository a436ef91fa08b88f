using Portal.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Web.Identity;

/// <summary>
/// The demo tenant of the embedded default: the Graph emulator's demo directory and three people, one per role, so the
/// dev sign-in has someone to be. Seeded only into an empty database.
/// </summary>
public static class DemoDirectory
{
    public const string DirectoryId = "11111111-1111-1111-1111-111111111111";
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
