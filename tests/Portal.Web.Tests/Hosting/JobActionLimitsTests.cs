using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Data.Tenancy;
using Portal.Web.Features.Provisioning;
using Portal.Web.Hosting.Hardening;

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
        scope.ServiceProvider.GetRequiredService<TenantContext>().TenantId = tenant.Id;
        var tester = scope.ServiceProvider.GetRequiredService<ConnectionTester>();
        var actions = scope.ServiceProvider.GetRequiredService<IProvisioningActions>();
        var job = Guid.NewGuid();
        var input = new JobSettingsInput { TenantUrl = "https://scim.contoso.test/scim" };

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("The application no longer exists.", (await tester.TestAsync(job, input, cancellationToken: Ct)).Message);
            await Assert.ThrowsAnyAsync<Exception>(() => actions.ProvisionOnDemandAsync(job, ObjectKind.User, "user-1", Ct));
        }

        var test = await tester.TestAsync(job, input, cancellationToken: Ct);
        var onDemand = await actions.ProvisionOnDemandAsync(job, ObjectKind.User, "user-1", Ct);
        Assert.False(test.Succeeded);
        Assert.StartsWith("Test Connection is limited to 5 requests per 10 seconds", test.Message, StringComparison.Ordinal);
        Assert.False(onDemand.Succeeded);
        Assert.StartsWith("Provision on demand is limited to 5 requests per 10 seconds", onDemand.Message, StringComparison.Ordinal);
    }
}
