using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;
using Portal.Provisioning;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Source;
using Portal.Sandbox.Graph;
using Portal.Provisioning.Targets;
using Portal.Provisioning.Targets.Scim;
using Portal.Sandbox.Scim;
using Portal.Testing;
using Portal.Web.Features.Sandbox;
using Portal.Web.Identity;
using Portal.Web.Notifications;

namespace Portal.Web.Tests.Notifications;

/// <summary>
/// The recurring checks: escrow items older than a day, Test Connection re-run for every job that is On, the target of
/// every job that is On compared with its links, and the end date of the directory connection's client secret.
/// </summary>
public sealed class NotificationChecksTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<Notification>> NotificationsAsync(NotificationHost host)
    {
        await using var db = host.Services.GetRequiredService<TenantDbContexts>().For(host.TenantId);
        return await db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync(Ct);
    }

    private static async Task AddEscrowAsync(NotificationHost host, int count, DateTimeOffset firstFailedAt)
    {
        await using var db = host.Services.GetRequiredService<TenantDbContexts>().For(host.TenantId);
        for (var i = 0; i < count; i++)
        {
            db.EscrowEntries.Add(new EscrowEntry
            {
                JobId = host.JobId, Kind = ObjectKind.User, SourceId = Guid.NewGuid().ToString(), Action = ProvisioningAction.Create,
                ErrorCode = "SchemaViolation", Reason = "userName is not unique", Attempts = 5,
                FirstFailedAt = firstFailedAt, LastFailedAt = firstFailedAt, NextAttemptAt = firstFailedAt.AddHours(6),
            });
        }

        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public async Task EscrowAgeCheck_RaisesOneNotificationPerJobAndDay_WhenEntriesAreOlderThan24Hours()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        await using var smtp = await SmtpServer.StartAsync();
        await using var host = await NotificationHost.StartAsync(time: time);
        await host.UseSmtpAsync(smtp);
        await AddEscrowAsync(host, 3, time.GetUtcNow().AddHours(-2));
        var check = host.Services.GetRequiredService<EscrowAgeCheck>();

        Assert.Equal(0, await check.RunAsync(Ct));
        Assert.Empty(await NotificationsAsync(host));

        time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(1, await check.RunAsync(Ct));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await check.RunAsync(Ct));

        var notification = Assert.Single(await NotificationsAsync(host));
        Assert.Equal((NotificationKinds.EscrowAged, host.JobId, 3), (notification.Kind, notification.JobId, notification.ObjectCount));
        Assert.Equal("3 failed changes have waited for retry for more than 1 day", notification.Title);
        Assert.Contains("userName is not unique", notification.Body, StringComparison.Ordinal);
        var email = Assert.Single(await smtp.WaitForMessagesAsync(1, Timeout));
        Assert.Equal("[Portal] 3 failed changes have waited for retry for more than 1 day", email.Subject);

        time.Advance(TimeSpan.FromHours(24));
        Assert.Equal(1, await check.RunAsync(Ct));
        Assert.Equal(2, (await NotificationsAsync(host)).Count);
    }

    [Fact]
    public async Task TheChecks_AreRegisteredAsRecurringJobs_AtStartUp()
    {
        await using var host = await NotificationHost.StartAsync();

        using var connection = host.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();
        var recurring = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).Select(r => r.Id).ToList();

        Assert.Contains(EscrowAgeCheck.RecurringId, recurring);
        Assert.Contains(ConnectionRecheck.RecurringId, recurring);
        Assert.Contains(DriftCheck.RecurringId, recurring);
        Assert.Contains(ClientSecretExpiryCheck.RecurringId, recurring);
        Assert.Contains(ApiKeyExpiryCheck.RecurringId, recurring);
    }

    [Fact]
    public async Task ConnectionRecheck_RaisesCredentialsRejected_WhenTheSandboxRefusesTheToken_AndConnectionFailed_WhenItIsDown()
    {
        await using var scim = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions(), Ct);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await NotificationHost.StartAsync(time: time, services: s =>
        {
            // No retries and the real clock for the HTTP client: the re-check reports what one attempt found.
            s.AddSingleton(new ScimClientOptions { MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(5) });
            s.AddScimTargets();
            s.AddSingleton(new EngineOptions { AllowPrivateNetworkTargets = true });
        });
        await PointJobAtAsync(host, scim.ScimBaseUrl, SandboxScimOptions.DemoToken, ProvisioningStatus.On);
        var recheck = host.Services.GetRequiredService<ConnectionRecheck>();

        Assert.Equal(0, await recheck.RunAsync(Ct));
        Assert.Empty(await NotificationsAsync(host));

        await PointJobAtAsync(host, scim.ScimBaseUrl, "a-token-the-target-never-issued", ProvisioningStatus.On);
        Assert.Equal(1, await recheck.RunAsync(Ct));
        var rejected = Assert.Single(await NotificationsAsync(host));
        Assert.Equal(NotificationKinds.CredentialsRejected, rejected.Kind);
        Assert.Equal("GoTo Meeting refused the provisioning credentials", rejected.Title);
        Assert.DoesNotContain("a-token-the-target-never-issued", rejected.Body, StringComparison.Ordinal);
        Assert.Contains(scim.Target.Requests.Entries, r => r.Status == 401);

        await PointJobAtAsync(host, $"http://127.0.0.1:{LoopbackPort.OutsideEphemeralRange()}/scim", SandboxScimOptions.DemoToken, ProvisioningStatus.On);
        Assert.Equal(1, await recheck.RunAsync(Ct));
        var down = (await NotificationsAsync(host)).Last();
        Assert.Equal(NotificationKinds.ConnectionCheckFailed, down.Kind);
        Assert.Equal("Test Connection to GoTo Meeting failed", down.Title);

        await PointJobAtAsync(host, $"http://127.0.0.1:{LoopbackPort.OutsideEphemeralRange()}/scim", SandboxScimOptions.DemoToken, ProvisioningStatus.Off);
        Assert.Equal(0, await recheck.RunAsync(Ct));
    }

    [Fact]
    public async Task ConnectionRecheck_SendsAnOAuthClientSecretWhereTheJobSaysTo()
    {
        await using var scim = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions(), Ct);
        await using var host = await NotificationHost.StartAsync(services: s =>
        {
            s.AddSingleton(new ScimClientOptions { MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(5) });
            s.AddScimTargets();
            s.AddSingleton(new EngineOptions { AllowPrivateNetworkTargets = true });
        });
        await using (var db = host.Services.GetRequiredService<TenantDbContexts>().For(host.TenantId))
        {
            var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == host.JobId, Ct);
            job.Status = ProvisioningStatus.On;
            job.Target.BaseUrl = scim.ScimBaseUrl;
            job.Target.AuthKind = TargetAuthKind.OAuthClientCredentials;
            job.Target.UserName = scim.Target.Options.ClientId;
            job.Target.Secret = host.Services.GetRequiredService<SecretProtector>().Protect(scim.Target.Options.ClientSecret);
            job.Target.TokenEndpoint = scim.TokenEndpoint;
            job.Target.ClientSecretPlacement = OAuthClientSecretPlacement.Body;
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal(0, await host.Services.GetRequiredService<ConnectionRecheck>().RunAsync(Ct));

        Assert.Empty(await NotificationsAsync(host));
        Assert.Equal(["Body"], scim.Target.ClientSecretPlacements);
    }

    [Fact]
    public async Task ConnectionRecheck_RaisesCredentialsRejected_WhenTheSandboxDirectoryRefusesTheClientSecret()
    {
        await using var scim = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions(), Ct);
        await using var graph = await SandboxGraphServer.StartAsync(SandboxGraphEmulator.CreateDemo(), cancellationToken: Ct);
        await using var host = await NotificationHost.StartAsync(
            tenant: t => t.DirectoryId = SandboxDemoIds.TenantId,
            services: s =>
            {
                s.AddSingleton(new ScimClientOptions { MaxRetries = 0 });
                s.AddScimTargets();
                s.AddGraphDirectorySource();
                s.AddSingleton(new EngineOptions { AllowPrivateNetworkTargets = true });
            });
        await PointJobAtAsync(host, scim.ScimBaseUrl, SandboxScimOptions.DemoToken, ProvisioningStatus.On);
        await ConnectDirectoryAsync(host, graph, SandboxDemoIds.ClientSecret);
        var recheck = host.Services.GetRequiredService<ConnectionRecheck>();

        Assert.Equal(0, await recheck.RunAsync(Ct));

        await ConnectDirectoryAsync(host, graph, "an-expired-client-secret");
        Assert.Equal(1, await recheck.RunAsync(Ct));

        var rejected = Assert.Single(await NotificationsAsync(host));
        Assert.Equal(NotificationKinds.CredentialsRejected, rejected.Kind);
        Assert.Equal("The directory refused the portal's client secret", rejected.Title);
        Assert.Contains("client secret was rejected", rejected.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("an-expired-client-secret", rejected.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientSecretExpiryCheck_KeepsTheEndDate_AndWarnsAMonthTwoWeeksAndAWeekBefore_OnceEach_ThenThatItEnded()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 5, 0, 0, TimeSpan.Zero));
        var ends = time.GetUtcNow().AddDays(40);
        var emulator = SandboxGraphEmulator.CreateDemo(timeProvider: time);
        emulator.Directory.RegisterClient(SandboxDemoIds.ReaderClient with { SecretExpiresAt = ends, SecretName = "Provisioning portal" });
        await using var graph = await SandboxGraphServer.StartAsync(emulator, cancellationToken: Ct);
        await using var smtp = await SmtpServer.StartAsync();
        await using var host = await NotificationHost.StartAsync(time: time, services: s => s.AddGraphDirectorySource(o => o.MaxRetries = 0),
            tenant: t => (t.DirectoryId, t.HelpDeskEmail) = (SandboxDemoIds.TenantId, "helpdesk@contoso.example"));
        await host.UseSmtpAsync(smtp);
        await ConnectDirectoryAsync(host, graph, SandboxDemoIds.ClientSecret);
        var check = host.Services.GetRequiredService<ClientSecretExpiryCheck>();

        // Forty days out: kept for the pages, nothing to say yet.
        Assert.Equal(0, await check.RunAsync(Ct));
        await using (var db = host.Services.GetRequiredService<TenantDbContexts>().For(host.TenantId))
        {
            var directory = (await db.Tenants.AsNoTracking().SingleAsync(Ct)).Directory;
            Assert.Equal((ends, time.GetUtcNow()), (directory.ClientSecretExpiresAt, directory.ClientSecretReadAt));
        }

        Assert.Empty(await NotificationsAsync(host));

        time.Advance(TimeSpan.FromDays(11));
        Assert.Equal(1, await check.RunAsync(Ct));
        Assert.Equal(0, await check.RunAsync(Ct));
        var month = Assert.Single(await NotificationsAsync(host));
        Assert.Equal((NotificationKinds.ClientSecretExpiring, null, NotificationSeverity.Warning), (month.Kind, month.JobId, month.Severity));
        Assert.Equal("The directory connection's client secret expires in 29 days", month.Title);
        Assert.Contains("The client secret 'Provisioning portal' expires on 2027-01-16, in 29 days. Before then, create a new one in Entra ID > App registrations",
            month.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(SandboxDemoIds.ClientSecret[..3], month.Body, StringComparison.Ordinal);
        // A directory's event: every job's notification email hears of it, and the help desk.
        var email = Assert.Single(await smtp.WaitForMessagesAsync(1, Timeout));
        Assert.Equal("[Portal] The directory connection's client secret expires in 29 days", email.Subject);
        Assert.Equal(["admin@contoso.example", "helpdesk@contoso.example"], email.To.Mailboxes.Select(m => m.Address).Order());

        time.Advance(TimeSpan.FromDays(16));
        Assert.Equal(1, await check.RunAsync(Ct));
        time.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await check.RunAsync(Ct));
        Assert.Equal(0, await check.RunAsync(Ct));

        // Ended: the directory refuses the secret, so what was read before says when.
        time.Advance(TimeSpan.FromDays(6) + TimeSpan.FromHours(1));
        Assert.Equal(1, await check.RunAsync(Ct));
        Assert.Equal(0, await check.RunAsync(Ct));

        var raised = await NotificationsAsync(host);
        Assert.Equal(
            [
                ("The directory connection's client secret expires in 29 days", NotificationSeverity.Warning),
                ("The directory connection's client secret expires in 13 days", NotificationSeverity.Warning),
                ("The directory connection's client secret expires in 6 days", NotificationSeverity.Error),
                ("The directory connection's client secret has expired", NotificationSeverity.Error),
            ],
            raised.Select(n => (n.Title, n.Severity)));
        Assert.Contains("The client secret expired on 2027-01-16: the portal can no longer read the directory with it. Create a new one", raised[^1].Body, StringComparison.Ordinal);
        Assert.Equal(4, (await smtp.WaitForMessagesAsync(4, Timeout)).Count);
    }

    [Fact]
    public async Task ApiKeyExpiryCheck_WarnsOfAKeyInUse_AWeekAndADayBefore_AndWhenItEnded_OnceEach()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 5, 0, 0, TimeSpan.Zero));
        await using var smtp = await SmtpServer.StartAsync();
        await using var host = await NotificationHost.StartAsync(time: time);
        await host.UseSmtpAsync(smtp);
        var start = time.GetUtcNow();
        await using (var db = host.Services.GetRequiredService<TenantDbContexts>().For(host.TenantId))
        {
            db.ApiKeys.AddRange(
                Key("Monitoring", "a1b2c3d4e5f6", start.AddDays(8), lastUsed: start.AddHours(-3)),
                Key("Never used", "0f0f0f0f0f0f", start.AddDays(8), lastUsed: null),
                Key("Revoked", "abababababab", start.AddDays(8), lastUsed: start.AddHours(-3), revoked: start.AddDays(-1)));
            await db.SaveChangesAsync(Ct);
        }

        var check = host.Services.GetRequiredService<ApiKeyExpiryCheck>();
        Assert.Equal(0, await check.RunAsync(Ct));

        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await check.RunAsync(Ct));
        Assert.Equal(0, await check.RunAsync(Ct));
        time.Advance(TimeSpan.FromDays(6));
        Assert.Equal(1, await check.RunAsync(Ct));
        time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
        Assert.Equal(1, await check.RunAsync(Ct));
        Assert.Equal(0, await check.RunAsync(Ct));

        var raised = await NotificationsAsync(host);
        Assert.Equal(
            [
                ("API key 'Monitoring' (ptl_a1b2c3d4e5f6_…) expires on 2026-12-15, in 7 days", NotificationSeverity.Warning),
                ("API key 'Monitoring' (ptl_a1b2c3d4e5f6_…) expires on 2026-12-15, tomorrow", NotificationSeverity.Error),
                ("API key 'Monitoring' (ptl_a1b2c3d4e5f6_…) has expired", NotificationSeverity.Error),
            ],
            raised.Select(n => (n.Title, n.Severity)));
        Assert.All(raised, n => Assert.Null(n.JobId));
        Assert.StartsWith("What uses it (last on 2026-12-07 02:00 UTC) gets 401 from 2026-12-15 05:00 UTC.", raised[0].Body, StringComparison.Ordinal);
        // A tenant's event: every job's notification email hears of it.
        Assert.All(await smtp.WaitForMessagesAsync(3, Timeout), m => Assert.Equal(["admin@contoso.example"], m.To.Mailboxes.Select(b => b.Address)));
    }

    private static ApiKey Key(string name, string prefix, DateTimeOffset expiresAt, DateTimeOffset? lastUsed, DateTimeOffset? revoked = null) => new()
    {
        Name = name, Prefix = prefix, Hash = new string('0', 64), Access = ApiAccess.Read, CreatedAt = expiresAt.AddDays(-90), ExpiresAt = expiresAt,
        LastUsedAt = lastUsed, RevokedAt = revoked,
    };

    [Fact]
    public async Task TheSandboxAppRegistration_MovesTheSecretsEnd_AndThePortalReadsItAtOnce()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 5, 0, 0, TimeSpan.Zero));
        var emulator = SandboxGraphEmulator.CreateDemo(timeProvider: time);
        await using var graph = await SandboxGraphServer.StartAsync(emulator, cancellationToken: Ct);
        await using var host = await NotificationHost.StartAsync(time: time, services: s => s.AddGraphDirectorySource(o => o.MaxRetries = 0),
            tenant: t => t.DirectoryId = SandboxDemoIds.TenantId);
        await ConnectDirectoryAsync(host, graph, SandboxDemoIds.ClientSecret);
        var user = new CurrentUser(new TenantContext());
        user.Set(TestPrincipals.Of(host.TenantId, PortalRoles.TenantAdmin));
        var registration = new SandboxAppRegistration(emulator, host.Services.GetRequiredService<ClientSecretExpiryCheck>(), user);
        Assert.Equal(new DateTimeOffset(2027, 6, 5, 0, 0, 0, TimeSpan.Zero), registration.SecretEndsAt);

        Assert.True(await registration.SetSecretEndAsync(new DateOnly(2026, 12, 17), Ct));

        Assert.Equal("The directory connection's client secret expires in 9 days", Assert.Single(await NotificationsAsync(host)).Title);
        Assert.False(await registration.SetSecretEndAsync(new DateOnly(2027, 3, 1), Ct));
        await using var db = host.Services.GetRequiredService<TenantDbContexts>().For(host.TenantId);
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero), (await db.Tenants.SingleAsync(Ct)).Directory.ClientSecretExpiresAt);
    }

    [Fact]
    public async Task DriftCheck_RaisesTargetDrifted_ForAJobThatIsOn_WhenItsTargetWasChangedByHand()
    {
        await using var scim = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions(), Ct);
        await using var host = await NotificationHost.StartAsync(services: s =>
        {
            s.AddScimTargets();
            s.AddGraphDirectorySource();
            s.AddProvisioning(new EngineOptions { AllowPrivateNetworkTargets = true, TargetRequestsPerSecond = null });
        });
        await PointJobAtAsync(host, scim.ScimBaseUrl, SandboxScimOptions.DemoToken, ProvisioningStatus.On);
        // Two accounts the job provisioned in a completed cycle, as its links say.
        var ann = await CreateAccountAsync(scim, "ann@contoso.example");
        var bob = await CreateAccountAsync(scim, "bob@contoso.example");
        await using (var db = host.Services.GetRequiredService<TenantDbContexts>().For(host.TenantId))
        {
            foreach (var (id, name) in new[] { (ann, "ann"), (bob, "bob") })
            {
                db.LinkedObjects.Add(new LinkedObject
                {
                    JobId = host.JobId, Kind = ObjectKind.User, SourceId = $"{name}-source", TargetId = id, DisplayName = name,
                    ExportedValuesJson = $$"""{"userName":"{{name}}@contoso.example","active":true}""",
                });
            }

            (await db.ProvisioningJobs.SingleAsync(j => j.Id == host.JobId, Ct)).Watermark.CommittedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync(Ct);
        }

        var check = host.Services.GetRequiredService<DriftCheck>();
        Assert.Equal(0, await check.RunAsync(Ct));

        scim.Target.SetUserActive(ann, false);
        scim.Target.DeleteUser(bob);
        Assert.Equal(1, await check.RunAsync(Ct));

        var drifted = Assert.Single(await NotificationsAsync(host));
        Assert.Equal((NotificationKinds.TargetDrifted, host.JobId, 2), (drifted.Kind, drifted.JobId, drifted.ObjectCount));
        Assert.Equal("GoTo Meeting: 2 objects changed in the target behind the portal's back", drifted.Title);
        Assert.Contains("1 object edited in the target and 1 missing from it", drifted.Body, StringComparison.Ordinal);

        // Not while a cycle of the job runs, nor when the job is Off.
        await using (var db = host.Services.GetRequiredService<TenantDbContexts>().For(host.TenantId))
        {
            db.Cycles.Add(new Cycle { JobId = host.JobId, Kind = CycleKind.Incremental, State = CycleState.Running, StartedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal(0, await check.RunAsync(Ct));
        await PointJobAtAsync(host, scim.ScimBaseUrl, SandboxScimOptions.DemoToken, ProvisioningStatus.Off);
        Assert.Equal(0, await check.RunAsync(Ct));
    }

    private static async Task<string> CreateAccountAsync(SandboxScimServer scim, string userName)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{scim.ScimBaseUrl}/Users")
        {
            Content = new StringContent($$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{userName}}","active":true}""",
                System.Text.Encoding.UTF8, "application/scim+json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SandboxScimOptions.DemoToken);
        using var response = await http.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["id"]!.GetValue<string>();
    }

    private static async Task ConnectDirectoryAsync(NotificationHost host, SandboxGraphServer graph, string secret)
    {
        await using var db = host.Services.GetRequiredService<TenantDbContexts>().For(host.TenantId);
        var tenant = await db.Tenants.SingleAsync(Ct);
        tenant.Directory.ClientId = SandboxDemoIds.ClientId;
        tenant.Directory.ClientSecret = host.Services.GetRequiredService<SecretProtector>().Protect(secret);
        tenant.Directory.GraphBaseUrl = graph.BaseUrl;
        tenant.Directory.TokenEndpoint = graph.TokenEndpoint;
        var app = await db.Applications.SingleAsync(Ct);
        app.ServicePrincipalId = SandboxDemoIds.GoToServicePrincipalId;
        await db.SaveChangesAsync(Ct);
    }

    private static async Task PointJobAtAsync(NotificationHost host, string baseUrl, string token, ProvisioningStatus status)
    {
        await using var db = host.Services.GetRequiredService<TenantDbContexts>().For(host.TenantId);
        var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == host.JobId, Ct);
        job.Status = status;
        job.Target.BaseUrl = baseUrl;
        job.Target.AuthKind = TargetAuthKind.BearerToken;
        job.Target.Secret = host.Services.GetRequiredService<SecretProtector>().Protect(token);
        await db.SaveChangesAsync(Ct);
    }
}
