using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Identity;

/// <summary>Two tenants with data: nothing of tenant B is visible or changeable to tenant A's admin or help desk.</summary>
public sealed class TenantIsolationTests
{
    [Theory]
    [InlineData(PortalRoles.TenantAdmin)]
    [InlineData(PortalRoles.HelpDesk)]
    public async Task PagesAndExports_ShowOnlyOwnTenant_WhenTenantAUserAsksForTenantB(string role)
    {
        await using var app = new PortalApplication();
        var (a, b) = (await app.AddTenantAsync("Alpha"), await app.AddTenantAsync("Bravo"));
        var bobOfB = await app.AddUserAsync(b.Id, "bob@bravo.example", PortalRoles.TenantAdmin);
        await using (var db = app.CreateContext(b.Id))
        {
            db.AuditEvents.Add(new AuditEvent { ActorId = "x", ActorName = "Bravo Actor", Activity = "Bravo secret activity", OccurredAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        using var client = await app.CreateClientAsync(a.Id, role);
        var ct = TestContext.Current.CancellationToken;
        foreach (var url in new[] { "/role-assignments", "/audit", "/api/audit/export", "/api/audit/export?actor=Bravo%20Actor", "/" })
        {
            var response = await client.GetAsync(url, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            Assert.DoesNotContain("bravo", body, StringComparison.OrdinalIgnoreCase);
        }

        // Guessing B's user id through the service of A's scope: not found, and B's user unchanged.
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(
            new SignedInUser(Guid.NewGuid(), "oid", "A admin", a.DirectoryId, a.Id, a.Id,
                new HashSet<string> { PortalRoles.TenantAdmin }, new HashSet<string>(), "sid", SignInMethod.Dev).ToPrincipal());
        var assignments = scope.ServiceProvider.GetRequiredService<RoleAssignmentService>();
        await Assert.ThrowsAsync<RoleAssignmentException>(() => assignments.SetDisabledAsync(bobOfB.Id, true, ct));
        await Assert.ThrowsAsync<RoleAssignmentException>(() => assignments.SetRoleAsync(bobOfB.Id, PortalRoles.HelpDesk, true, ct));
        Assert.DoesNotContain(await assignments.ListAsync(ct), r => r.UserId == bobOfB.Id);
        await using var check = app.CreateContext(b.Id);
        var bob = await check.PortalUsers.SingleAsync(u => u.Id == bobOfB.Id, ct);
        Assert.False(bob.IsDisabled);
        Assert.Equal([PortalRoles.TenantAdmin], bob.Roles);
    }

    [Fact]
    public async Task SwitchTenant_IsForbidden_ForTenantAdmin()
    {
        await using var app = new PortalApplication();
        var (a, b) = (await app.AddTenantAsync("Alpha"), await app.AddTenantAsync("Bravo"));
        using var client = await app.CreateClientAsync(a.Id, PortalRoles.TenantAdmin);

        var response = await client.PostAsync("/account/tenant", new FormUrlEncodedContent([new("tenantId", b.Id.ToString())]), TestContext.Current.CancellationToken);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Location?.OriginalString == "/");
    }
}
