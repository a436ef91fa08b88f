using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Web.Features.Applications;
using Portal.Web.Features.Provisioning;
using Portal.Web.Hosting.Hardening;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Hosting;

public sealed class JobActionLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Refusal_AllowsFivePerJob_ThenExplains_AndKeepsJobsAndActionsApart()
    {
        using var limits = new JobActionLimits(new HardeningSettings());
        var job = Guid.NewGuid();

        Assert.All(Enumerable.Range(0, 5), _ => Assert.Null(limits.Refusal(LimitedAction.ProvisionOnDemand, job)));

        var refusal = limits.Refusal(LimitedAction.ProvisionOnDemand, job);
        Assert.Equal("Provision on demand is limited to 5 requests per 10 seconds for this application. Wait a few seconds and try again.", refusal);
        Assert.Null(limits.Refusal(LimitedAction.ProvisionOnDemand, Guid.NewGuid()));
        Assert.Null(limits.Refusal(LimitedAction.TestConnection, job));
        Assert.Null(limits.Refusal(LimitedAction.TestDirectoryConnection, job));
    }

    [Fact]
    public void DirectoryTestConnection_IsLimitedPerTenant_WithItsOwnWords()
    {
        using var limits = new JobActionLimits(new HardeningSettings());
        var tenant = Guid.NewGuid();

        Assert.All(Enumerable.Range(0, 5), _ => Assert.Null(limits.Refusal(LimitedAction.TestDirectoryConnection, tenant)));

        Assert.Equal("Test connection is limited to 5 requests per 10 seconds for this directory. Wait a few seconds and try again.",
            limits.Refusal(LimitedAction.TestDirectoryConnection, tenant));
        Assert.Null(limits.Refusal(LimitedAction.TestDirectoryConnection, Guid.NewGuid()));
    }

    [Fact]
    public void Reconcile_ReadsTheWholeTarget_SoTwoPerJobAndWindow()
    {
        using var limits = new JobActionLimits(new HardeningSettings());
        var job = Guid.NewGuid();

        Assert.All(Enumerable.Range(0, 2), _ => Assert.Null(limits.Refusal(LimitedAction.Reconcile, job)));

        Assert.Equal("Compare with the target is limited to 2 requests per 10 seconds for this application. Wait a few seconds and try again.",
            limits.Refusal(LimitedAction.Reconcile, job));
        Assert.Null(limits.Refusal(LimitedAction.ProvisionOnDemand, job));
    }

    [Fact]
    public async Task Refusal_AllowsAgain_AfterTheWindow()
    {
        using var limits = new JobActionLimits(new HardeningSettings { OnDemandPerWindow = 1, ActionWindow = TimeSpan.FromMilliseconds(200) });
        var job = Guid.NewGuid();
        Assert.Null(limits.Refusal(LimitedAction.ProvisionOnDemand, job));
        Assert.NotNull(limits.Refusal(LimitedAction.ProvisionOnDemand, job));

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (limits.Refusal(LimitedAction.ProvisionOnDemand, job) is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.True(DateTime.UtcNow < deadline, "the window never replenished");
    }

    [Fact]
    public async Task TestConnectionAndOnDemand_ShowTheLimit_OnTheSixthPressWithinTenSeconds()
    {
        await using var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso");
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestPrincipals.Of(tenant.Id, PortalRoles.TenantAdmin));
        var tester = scope.ServiceProvider.GetRequiredService<ConnectionTester>();
        var actions = scope.ServiceProvider.GetRequiredService<IProvisioningActions>();
        var catalog = scope.ServiceProvider.GetRequiredService<ApplicationCatalog>();
        // On demand is counted only for the tenant's own job: another tenant's id must not use up that job's allowance.
        var ownJob = (await catalog.FindAsync(await catalog.AddAsync(ApplicationGallery.ScimId, "SCIM app", Ct), Ct))!.JobId;
        // Set up, so each press reaches the limit: a job that is not set up is refused before it.
        await using (var db = app.CreateContext(tenant.Id))
        {
            await db.ProvisioningJobs.Where(j => j.Id == ownJob).ExecuteUpdateAsync(s => s.SetProperty(j => j.Mode, ProvisioningMode.Automatic), Ct);
        }

        var goneJob = Guid.NewGuid();
        var input = new JobSettingsInput { TenantUrl = "https://scim.contoso.test/scim" };

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("The application no longer exists.", (await tester.TestAsync(goneJob, input, cancellationToken: Ct)).Message);
            Assert.DoesNotContain("limited to", await OnDemandMessageAsync(actions, ownJob), StringComparison.Ordinal);
        }

        var test = await tester.TestAsync(goneJob, input, cancellationToken: Ct);
        Assert.False(test.Succeeded);
        Assert.StartsWith("Test Connection is limited to 5 requests per 10 seconds", test.Message, StringComparison.Ordinal);
        Assert.StartsWith("Provision on demand is limited to 5 requests per 10 seconds", await OnDemandMessageAsync(actions, ownJob), StringComparison.Ordinal);
    }

    // The job has no directory connection yet, so an allowed on-demand run fails in the engine; only the message matters here.
    private static async Task<string> OnDemandMessageAsync(IProvisioningActions actions, Guid jobId)
    {
        try
        {
            return (await actions.ProvisionOnDemandAsync(jobId, ObjectKind.User, "user-1", cancellationToken: Ct)).Message;
        }
        catch (Exception e) when (e is not Xunit.Sdk.IAssertionException)
        {
            return e.Message;
        }
    }
}
