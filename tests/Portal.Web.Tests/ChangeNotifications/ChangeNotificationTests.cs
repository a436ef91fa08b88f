using System.Net;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;
using Portal.Provisioning.Source;
using Portal.Sandbox.Graph;
using Portal.Testing;
using Portal.Web.ChangeNotifications;
using Portal.Web.Features;
using Portal.Web.Features.DirectorySource;
using Portal.Web.Identity;
using Portal.Web.Jobs;

namespace Portal.Web.Tests.ChangeNotifications;

/// <summary>
/// Graph's change notifications start cycles: the tenants with a job On are subscribed with their own app registration
/// and a client state only they can compute; a notification carrying it queues a cycle of each of their jobs that is On.
/// </summary>
public sealed class ChangeNotificationTests
{
    private const string Secret = SandboxDemoIds.ClientSecret;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Receiver_QueuesACycleOfEachJobThatIsOn_OnlyForNotificationsCarryingTheTenantsClientState()
    {
        await using var database = TestDatabase.CreateSqlite();
        await database.MigrateAsync();
        using var host = await StartHostAsync(database, notificationUrl: null);
        var (tenant, onJob) = await SeedAsync(database, host, SandboxDemoIds.TenantId, ProvisioningStatus.On);
        await AddJobAsync(database, tenant, ProvisioningStatus.Off);
        var receiver = host.Services.GetRequiredService<ChangeNotificationReceiver>();
        var valid = ChangeClientState.For(SandboxDemoIds.TenantId, Secret);

        Assert.Equal(0, await receiver.AcceptAsync([new(SandboxDemoIds.TenantId, "forged"), new(SandboxDemoIds.TenantId, null)], Ct));
        Assert.Equal(0, await receiver.AcceptAsync([new(Guid.NewGuid().ToString(), valid)], Ct));
        Assert.Equal(0, host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedCount("default"));

        Assert.Null((await DirectoryAsync(database, tenant)).LastChangeNotificationAt);
        Assert.Equal(1, await receiver.AcceptAsync([new(SandboxDemoIds.TenantId, valid), new(SandboxDemoIds.TenantId, valid)], Ct));
        Assert.NotNull((await DirectoryAsync(database, tenant)).LastChangeNotificationAt);
        // A burst while that cycle waits is taken into it.
        Assert.Equal(0, await receiver.AcceptAsync([new(SandboxDemoIds.TenantId, valid)], Ct));

        var queued = Assert.Single(host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 10)).Value.Job;
        Assert.Equal((onJob, CycleTrigger.ChangeNotification), ((Guid)queued.Args[1], (CycleTrigger)queued.Args[2]));
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task SubscriptionJob_SubscribesTheTenantsWithAJobOn_ThroughTheirOwnAppRegistration_WithTheirClientState()
    {
        var emulator = SandboxGraphEmulator.CreateDemo();
        await using var graph = await SandboxGraphServer.StartAsync(emulator, cancellationToken: Ct);
        await using var sink = await NotificationSink.StartAsync();
        await using var database = TestDatabase.CreateSqlite();
        await database.MigrateAsync();
        using var host = await StartHostAsync(database, sink.Url);
        var (subscribedTenant, _) = await SeedAsync(database, host, SandboxDemoIds.TenantId, ProvisioningStatus.On, graph);
        // A tenant whose jobs are all Off is not subscribed (its directory would refuse this emulator's token anyway).
        await SeedAsync(database, host, Guid.NewGuid().ToString(), ProvisioningStatus.Off, graph);

        var subscribed = await host.Services.GetRequiredService<ChangeSubscriptionJob>().RunAsync(Ct);
        emulator.Directory.AddUser(new Dictionary<string, object?> { ["displayName"] = "Nina New" });

        Assert.Equal(1, subscribed);
        Assert.Equal(2, emulator.ChangeSubscriptions.Count);
        Assert.All(emulator.ChangeSubscriptions, s => Assert.Equal((sink.Url, SandboxDemoIds.ClientId), (s.NotificationUrl, s.ClientId)));
        var notification = Assert.Single(await sink.WaitForAsync(1));
        Assert.Equal(ChangeClientState.For(SandboxDemoIds.TenantId, Secret), notification.ClientState);
        var directory = await DirectoryAsync(database, subscribedTenant);
        Assert.InRange(directory.ChangesSubscribedUntil!.Value, DateTimeOffset.UtcNow.AddDays(2).AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(2));
        Assert.Null(directory.ChangeSubscriptionProblem);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task SubscriptionJob_RecordsWhySubscribingFailed_ForTheDirectoryConnectionPage()
    {
        await using var graph = await SandboxGraphServer.StartAsync(SandboxGraphEmulator.CreateDemo(), cancellationToken: Ct);
        await using var sink = await NotificationSink.StartAsync(echoValidation: false);
        await using var database = TestDatabase.CreateSqlite();
        await database.MigrateAsync();
        using var host = await StartHostAsync(database, sink.Url);
        var (tenant, _) = await SeedAsync(database, host, SandboxDemoIds.TenantId, ProvisioningStatus.On, graph);

        Assert.Equal(0, await host.Services.GetRequiredService<ChangeSubscriptionJob>().RunAsync(Ct));

        var directory = await DirectoryAsync(database, tenant);
        Assert.StartsWith($"Subscribing to change notifications at {sink.Url} failed: Graph answered 400", directory.ChangeSubscriptionProblem, StringComparison.Ordinal);
        Assert.Null(directory.ChangesSubscribedUntil);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task SavingTheDirectoryConnection_SubscribesTheTenantAgainAtOnce_WithTheNewSecretsClientState()
    {
        await using var database = TestDatabase.CreateSqlite();
        await database.MigrateAsync();
        using var host = await StartHostAsync(database, new Uri("https://portal.example/notifications/graph"), features: true);
        var (tenantId, _) = await SeedAsync(database, host, Guid.NewGuid().ToString(), ProvisioningStatus.On);
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().TenantId = tenantId;
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestPrincipals.Of(tenantId, PortalRoles.TenantAdmin));
        var editor = scope.ServiceProvider.GetRequiredService<DirectoryConnectionEditor>();
        var form = await editor.LoadAsync(Ct);

        await editor.SaveAsync(form, Ct);
        Assert.Empty(Subscriptions(host));
        form.NewClientSecret = "a-new-client-secret";
        await editor.SaveAsync(form, Ct);

        var subscribe = Assert.Single(Subscriptions(host));
        Assert.Equal(tenantId, subscribe.Args[0]);
    }

    // Subscription jobs queued for one tenant (no Hangfire server runs them here).
    private static List<Hangfire.Common.Job> Subscriptions(IHost host) =>
        [.. host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 50)
            .Select(j => j.Value.Job).Where(j => j.Method.Name == nameof(ChangeSubscriptionJob.RunForTenantAsync))];

    private static async Task<DirectoryConnection> DirectoryAsync(TestDatabase database, Guid tenantId)
    {
        await using var db = database.CreateContext(tenantId);
        return (await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId, Ct)).Directory;
    }

    [Fact]
    public async Task Endpoint_EchoesGraphsValidationToken_AndTakesNotificationsWithoutSignIn()
    {
        await using var app = new PortalApplication();
        var client = app.CreateAnonymousClient();

        var validation = await client.PostAsync($"{ChangeNotificationEndpoints.Path}?validationToken=Validation%3A%20Testing%20client%20application%20reachability", null, Ct);
        var notification = await client.PostAsync(ChangeNotificationEndpoints.Path, new StringContent(
            """{"value":[{"subscriptionId":"s","changeType":"updated","resource":"Users/u","clientState":"forged","tenantId":"t"}]}""",
            System.Text.Encoding.UTF8, "application/json"), Ct);
        var garbage = await client.PostAsync(ChangeNotificationEndpoints.Path, new StringContent("not json", System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.OK, validation.StatusCode);
        Assert.Equal("text/plain", validation.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Validation: Testing client application reachability", await validation.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Accepted, notification.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    // No Hangfire server: the tests look at what is queued, they do not run cycles.
    private static async Task<IHost> StartHostAsync(TestDatabase database, Uri? notificationUrl, bool features = false)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{ChangeNotificationOptions.Section}:{nameof(ChangeNotificationOptions.NotificationUrl)}"] = notificationUrl?.ToString(),
            [$"{ChangeNotificationOptions.Section}:{nameof(ChangeNotificationOptions.RenewCron)}"] = "",
        });
        builder.Services.AddPortalData(database.Settings);
        builder.Services.AddIsolatedHangfire();
        builder.Services.AddGraphDirectorySource();
        builder.AddPortalJobs();
        builder.AddPortalChangeNotifications();
        if (features)
        {
            builder.Services.AddPortalFeatures();
        }

        var host = builder.Build();
        await host.StartAsync(Ct);
        return host;
    }

    private static async Task<(Guid TenantId, Guid JobId)> SeedAsync(TestDatabase database, IHost host, string directoryId, ProvisioningStatus status,
        SandboxGraphServer? graph = null)
    {
        var tenant = new Tenant { DirectoryId = directoryId, DisplayName = "Contoso " + directoryId[..4] };
        tenant.Directory.ClientId = SandboxDemoIds.ClientId;
        tenant.Directory.ClientSecret = host.Services.GetRequiredService<SecretProtector>().Protect(Secret);
        tenant.Directory.GraphBaseUrl = graph?.BaseUrl;
        tenant.Directory.TokenEndpoint = graph is null ? null : graph.TokenEndpoint.Replace(SandboxDemoIds.TenantId, directoryId, StringComparison.Ordinal);
        await using (var db = database.CreateContext(tenant.Id))
        {
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync(Ct);
        }

        return (tenant.Id, await AddJobAsync(database, tenant.Id, status));
    }

    private static async Task<Guid> AddJobAsync(TestDatabase database, Guid tenantId, ProvisioningStatus status)
    {
        await using var db = database.CreateContext(tenantId);
        var app = new Application { DisplayName = $"GoTo Meeting {Guid.NewGuid():N}", TemplateId = "goto-meeting" };
        app.ProvisioningJob = new ProvisioningJob { Mode = ProvisioningMode.Automatic, Status = status };
        db.Applications.Add(app);
        await db.SaveChangesAsync(Ct);
        return app.ProvisioningJob.Id;
    }
}
