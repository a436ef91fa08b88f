using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Web.Audit;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Identity;

/// <summary>The optional setting that lets the first user of an unknown directory register it and become its admin.</summary>
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
}
