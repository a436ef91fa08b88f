using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Secrets;
using Portal.Web.Audit;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Audit;

public sealed class AuditLogTests
{
    [Fact]
    public async Task Changes_AreAuditedWithActorAndOldNew_ForEachKindOfIdentityChange()
    {
        await using var app = new PortalApplication();
        var ct = TestContext.Current.CancellationToken;
        var home = await app.AddTenantAsync("Operators");
        await using var scope = app.Services.CreateAsyncScope();
        var me = new SignedInUser(Guid.NewGuid(), "op-oid", "Olga Operator", home.DirectoryId, home.Id, home.Id,
            new HashSet<string> { PortalRoles.Operator }, new HashSet<string>(), "sid", SignInMethod.Dev);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(me.ToPrincipal());

        var tenantId = await scope.ServiceProvider.GetRequiredService<TenantOnboarding>()
            .AddAsync(Guid.NewGuid().ToString(), "Fabrikam", "First.Admin@fabrikam.example", ct);
        var assignments = scope.ServiceProvider.GetRequiredService<RoleAssignmentService>();
        var invited = await assignments.InviteAsync("helper@operators.example", PortalRoles.HelpDesk, ct);
        await assignments.SetRoleAsync(invited, PortalRoles.TenantAdmin, true, ct);
        await assignments.SetRoleAsync(invited, PortalRoles.HelpDesk, false, ct);
        await assignments.SetDisabledAsync(invited, true, ct);
        await assignments.SetDisabledAsync(invited, false, ct);

        await using var db = app.CreateContext(home.Id);
        var entries = await db.AuditEvents.OrderBy(e => e.Id).ToListAsync(ct);
        Assert.Equal(
            [AuditActivities.InviteUser, AuditActivities.AddAppRoleAssignment, AuditActivities.RemoveAppRoleAssignment,
             AuditActivities.DisableAccount, AuditActivities.EnableAccount],
            entries.Select(e => e.Activity));
        Assert.All(entries, e => Assert.Equal(("op-oid", "Olga Operator"), (e.ActorId, e.ActorName)));
        var roleChange = Assert.Single(AuditLog.ReadChanges(entries[1]));
        Assert.Equal(new AuditChange("Roles", PortalRoles.HelpDesk, $"{PortalRoles.HelpDesk}, {PortalRoles.TenantAdmin}"), roleChange);

        await using var fabrikam = app.CreateContext(tenantId);
        Assert.Equal([AuditActivities.AddTenant, AuditActivities.InviteUser],
            await fabrikam.AuditEvents.OrderBy(e => e.Id).Select(e => e.Activity).ToListAsync(ct));
    }

    [Fact]
    public async Task Record_WritesChangedNeverTheValue_WhenASecretChanges()
    {
        await using var app = new PortalApplication();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await app.AddTenantAsync("Contoso");
        await using var scope = app.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var protector = scope.ServiceProvider.GetRequiredService<SecretProtector>();
        var before = protector.Protect("old-token-value-123");
        var after = protector.Protect("new-token-value-456");

        await using (var db = app.CreateContext(tenant.Id))
        {
            audit.Record(db, AuditActivities.UpdateProvisioningSettingOrCredentials, "ProvisioningJob", "job-1",
                AuditChange.Of("Secret", before, after),
                AuditChange.Secret("ClientSecret", changed: true),
                AuditChange.Of("NotificationEmail", "a@contoso.example", "b@contoso.example"),
                AuditChange.Of("Interval", TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(20)));
            await db.SaveChangesAsync(ct);
        }

        await using var check = app.CreateContext(tenant.Id);
        var entry = await check.AuditEvents.SingleAsync(ct);
        Assert.DoesNotContain("token-value", entry.ChangesJson!, StringComparison.Ordinal);
        Assert.DoesNotContain(before.Ciphertext, entry.ChangesJson!, StringComparison.Ordinal);
        Assert.DoesNotContain(after.Ciphertext, entry.ChangesJson!, StringComparison.Ordinal);
        Assert.Equal(
            [new AuditChange("Secret", null, "changed"), new AuditChange("ClientSecret", null, "changed"),
             new AuditChange("NotificationEmail", "a@contoso.example", "b@contoso.example")],
            AuditLog.ReadChanges(entry));
    }

    [Fact]
    public async Task SignIn_IsAuditedForAdminsOnly_WithTheUserAsActor()
    {
        await using var app = new PortalApplication();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await app.AddTenantAsync("Contoso");
        var admin = await app.AddUserAsync(tenant.Id, "adele@contoso.example", PortalRoles.TenantAdmin);
        var helpDesk = await app.AddUserAsync(tenant.Id, "henry@contoso.example", PortalRoles.HelpDesk);

        await app.CreateSessionCookieAsync(admin.Id, PortalRoles.TenantAdmin);
        await app.CreateSessionCookieAsync(helpDesk.Id, PortalRoles.HelpDesk);

        await using var db = app.CreateContext(tenant.Id);
        var entry = Assert.Single(await db.AuditEvents.ToListAsync(ct));
        Assert.Equal((AuditActivities.AdminSignIn, admin.Id.ToString(), admin.ObjectId), (entry.Activity, entry.TargetId, entry.ActorId));
    }
}
