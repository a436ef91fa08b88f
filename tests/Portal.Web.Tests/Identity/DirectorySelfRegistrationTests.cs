using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Web.Audit;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Identity;

/// <summary>
/// The optional setting that lets an administrator of an unknown directory register it and become its tenant admin;
/// a user who administers nothing in the directory cannot.
/// </summary>
public sealed class DirectorySelfRegistrationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SignIn_RegistersTheDirectoryOnlyWhenAllowed_AndAuditsIt(bool allowed)
    {
        await using var app = new PortalApplication();
        app.Settings["Portal:Identity:AllowDirectorySelfRegistration"] = allowed ? "true" : "false";
        var ct = TestContext.Current.CancellationToken;
        var directoryId = Guid.NewGuid().ToString();
        var token = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(PortalClaimTypes.DirectoryId, directoryId), new Claim(PortalClaimTypes.ObjectId, "oid-first"),
            new Claim(PortalClaimTypes.Name, "First Admin"), new Claim(PortalClaimTypes.PreferredUserName, "first@fabrikam.example"),
            new Claim(PortalClaimTypes.DirectoryRoles, DirectoryAdminRoles.GlobalAdministrator),
        ], "oidc"));

        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<PortalSignIn>().CompleteAsync(token, SignInMethod.OpenIdConnect, null, ct);

        await using var db = app.CreateContext();
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.DirectoryId == directoryId, ct);
        if (!allowed)
        {
            Assert.Equal(SignInRefusal.UnregisteredDirectory, result.Refusal);
            Assert.Null(tenant);
            Assert.Equal(0, await db.AcrossAllTenants<PortalUser>().CountAsync(ct));
            Assert.Equal(0, await db.AcrossAllTenants<AuditEvent>().CountAsync(ct));
            return;
        }

        Assert.NotNull(tenant);
        Assert.Equal(tenant.Id, result.User!.TenantId);
        Assert.Contains(PortalRoles.TenantAdmin, result.User.Roles);
        await using var own = app.CreateContext(tenant.Id);
        Assert.Equal([PortalRoles.TenantAdmin], (await own.PortalUsers.SingleAsync(ct)).Roles);
        Assert.Equal([AuditActivities.AddTenant, AuditActivities.AdminSignIn], await own.AuditEvents.OrderBy(e => e.Id).Select(e => e.Activity).ToListAsync(ct));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("wids", "b79fbf4d-3ef9-4689-8143-76b194e85509", false)]
    [InlineData("wids", DirectoryAdminRoles.ApplicationAdministrator, true)]
    [InlineData("wids", DirectoryAdminRoles.CloudApplicationAdministrator, true)]
    [InlineData("roles", PortalRoles.TenantAdmin, true)]
    [InlineData("roles", PortalRoles.HelpDesk, false)]
    public async Task SignIn_RegistersTheDirectory_OnlyForADirectoryAdministratorOrAnAssignedTenantAdmin(string? claimType, string? value, bool registers)
    {
        await using var app = new PortalApplication();
        app.Settings["Portal:Identity:AllowDirectorySelfRegistration"] = "true";
        var ct = TestContext.Current.CancellationToken;
        var directoryId = Guid.NewGuid().ToString();
        var claims = new List<Claim>
        {
            new(PortalClaimTypes.DirectoryId, directoryId), new(PortalClaimTypes.ObjectId, "oid-someone"),
            new(PortalClaimTypes.Name, "Some One"), new(PortalClaimTypes.PreferredUserName, "someone@fabrikam.example"),
        };
        if (claimType is not null)
        {
            claims.Add(new Claim(claimType, value!));
        }

        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<PortalSignIn>()
            .CompleteAsync(new ClaimsPrincipal(new ClaimsIdentity(claims, "oidc")), SignInMethod.OpenIdConnect, null, ct);

        await using var db = app.CreateContext();
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.DirectoryId == directoryId, ct);
        if (!registers)
        {
            // A member who administers nothing (the second case is the User role every member holds) registers nothing.
            Assert.Equal(SignInRefusal.NotDirectoryAdmin, result.Refusal);
            Assert.Null(tenant);
            Assert.Equal(0, await db.AcrossAllTenants<PortalUser>().CountAsync(ct));
            return;
        }

        Assert.NotNull(tenant);
        Assert.Contains(PortalRoles.TenantAdmin, result.User!.Roles);
    }
}
