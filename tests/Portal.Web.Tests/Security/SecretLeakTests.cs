using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;
using Portal.Sandbox.Graph;
using Portal.Web.Components.Pages.Applications;
using Portal.Web.Components.Pages.Mappings;
using Portal.Web.Components.Pages.Provisioning;
using Portal.Web.Features.Provisioning;
using Portal.Web.Identity;
using Portal.Web.Jobs;

namespace Portal.Web.Tests.Security;

/// <summary>
/// Seeds known secret values, drives every place the portal shows, stores, logs or sends text (pages for each role,
/// exports, audit, notifications by email and webhook, failing cycles against a target that echoes its credentials,
/// Test Connection, on-demand, captured logs and every unencrypted database column) and finds none of them.
/// </summary>
[Collection(nameof(Jobs.HangfireNodesCollection))]
public sealed class SecretLeakTests
{
    private const string ScimToken = "scimtok-Q7v9Xr2LmP4wZs8K";
    private const string OAuthSecret = "oauthsec-Hn3Jd8Rk2Vx5Tq9B";
    private const string GoToPassword = "gotopwd-Yc6Fm1Nw4Gz7Lp3S";
    private const string GraphSecret = "graphsec-Ua2Ke5Wb8Dr1Xo4M";
    private const string SmtpPassword = "smtppwd-Io9Ht2Qa5Zc8Ev1R";
    private const string WebhookSecret = "whooksec-Bs4Pn7Mj1Yu3Cw6T";
    private static readonly string[] Secrets = [ScimToken, OAuthSecret, GoToPassword, GraphSecret, SmtpPassword, WebhookSecret];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NoSecret_AppearsInPagesExportsAuditNotificationsLogsOrDatabase()
    {
        var output = new List<(string Where, string Text)>();
        await using var echo = await EchoingTarget.StartAsync();
        var directory = new SandboxGraphDirectory(SandboxDemoIds.TenantId);
        directory.RegisterClient(SandboxDemoIds.ReaderClient with { ClientSecret = GraphSecret });
        directory.AddServicePrincipal(SandboxDemoIds.ScimApp);
        var userId = directory.AddUser(new Dictionary<string, object?>
        {
            ["displayName"] = "Megan Bowen", ["userPrincipalName"] = "megan@contoso.example", ["mailNickname"] = "megan", ["accountEnabled"] = true,
        });
        directory.Assign(SandboxDemoIds.ScimServicePrincipalId, userId, SandboxDemoIds.ScimUserRoleId);
        await using var graph = await SandboxGraphServer.StartAsync(new SandboxGraphEmulator(directory), cancellationToken: Ct);
        var mail = Directory.CreateTempSubdirectory("portal-mail-");
        var logs = new CapturingLoggerProvider();

        await using var app = new PortalApplication
        {
            ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs),
            Settings =
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Notifications:PickupFolder"] = mail.FullName,
                ["Notifications:RetryDelays:0"] = "00:00:00.200",
            },
        };
        var tenant = await app.AddTenantAsync("Contoso", SandboxDemoIds.TenantId);
        var jobs = await SeedAsync(app, tenant.Id, graph, echo.Address, mail.FullName);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().TenantId = tenant.Id;
            var tester = scope.ServiceProvider.GetRequiredService<ConnectionTester>();
            var settings = scope.ServiceProvider.GetRequiredService<JobSettingsService>();
            var actions = scope.ServiceProvider.GetRequiredService<IProvisioningActions>();
            foreach (var (jobId, secret) in jobs)
            {
                // Secrets enter as an admin enters them: through the settings service, which audits the change.
                var input = (await settings.LoadAsync(jobId, Ct))!;
                input.NewSecret = secret;
                var saved = await settings.SaveAsync(jobId, input, Ct);
                Assert.True(saved.Saved, saved.Message);
                output.Add(("settings input after save", $"{input.NewSecret} {input.TenantUrl} {input.AdminUserName}"));

                var test = await tester.TestAsync(jobId, input, cancellationToken: Ct);
                output.Add(($"test connection {jobId}", test.Message + string.Join(" ", test.Checks.Select(c => c.ToString()))));

                await scope.ServiceProvider.GetRequiredService<ProvisioningCycleJob>().RunAsync(tenant.Id, jobId, CycleTrigger.SyncNow, Ct);

                var onDemand = await actions.ProvisionOnDemandAsync(jobId, ObjectKind.User, userId, cancellationToken: Ct);
                output.Add(($"on demand {jobId}", $"{onDemand.Message} {string.Join(" ", onDemand.Steps)} {string.Join(" ", onDemand.ModifiedProperties)}"));
            }

            await RenderTabsAsync(scope.ServiceProvider, app, tenant.Id, output);
        }

        await WaitForDeliveriesAsync(app, tenant.Id);
        Assert.NotEmpty(echo.Webhooks);
        output.AddRange(echo.Webhooks.Select(w => ("webhook", w)));
        var emails = mail.EnumerateFiles("*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(emails);
        output.AddRange(emails.Select(f => ($"email {f.Name}", File.ReadAllText(f.FullName))));

        await using (var db = app.CreateContext(tenant.Id))
        {
            var failures = await db.ProvisioningLogs.AsNoTracking().Where(l => l.Status == ProvisioningLogStatus.Failure).ToListAsync(Ct);
            Assert.NotEmpty(failures);
            Assert.Contains(failures, f => f.ErrorReason?.Contains("Authorization", StringComparison.Ordinal) == true);
        }

        foreach (var role in new[] { PortalRoles.TenantAdmin, PortalRoles.Operator, PortalRoles.HelpDesk })
        {
            using var client = await app.CreateClientAsync(tenant.Id, role);
            var applicationIds = await ApplicationIdsAsync(app, tenant.Id);
            var paths = new[] { "/", "/applications", "/logs", "/helpdesk", "/notifications", "/audit", "/role-assignments", "/tenants",
                "/logs/export/csv", "/logs/export/json", "/api/audit/export", "/account/dev-signin" }
                .Concat(applicationIds.Select(id => $"/applications/{id}"));
            foreach (var path in paths)
            {
                var response = await client.GetAsync(path, Ct);
                output.Add(($"{role} GET {path} ({(int)response.StatusCode})", await response.Content.ReadAsStringAsync(Ct)));
            }
        }

        Assert.Contains(output, o => o.Where.EndsWith("GET /api/audit/export (200)", StringComparison.Ordinal) && o.Text.Contains("Secret", StringComparison.Ordinal));
        await using (var db = app.CreateContext())
        {
            output.AddRange((await DatabaseText.ReadAllAsync(db, Ct)).Select(v => ("database", v)));
        }

        output.AddRange(logs.Lines.Select(l => ("log", l)));
        Assert.Contains(output, o => o.Where == "log" && o.Text.Contains("Authorization", StringComparison.Ordinal));

        var hits = (from o in output from s in Forms(Secrets) where o.Text.Contains(s, StringComparison.Ordinal)
                    select $"{o.Where}: …{Around(o.Text, s)}…").Distinct().ToList();
        Assert.True(hits.Count == 0, $"{hits.Count} secret occurrence(s):\n{string.Join("\n", hits.Take(20))}");
        mail.Delete(recursive: true);
    }

    // The raw value and the forms it takes on the wire: URL-encoded in forms, base64 in Basic headers.
    private static IEnumerable<string> Forms(IEnumerable<string> secrets) => secrets.SelectMany(s => new[] { s, Uri.EscapeDataString(s) })
        .Concat(new[] { ("teamadmin@contoso.example", GoToPassword), ("portal-client", OAuthSecret) }
            .Select(p => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(p.Item1)}:{Uri.EscapeDataString(p.Item2)}"))));

    private static string Around(string text, string secret)
    {
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        return text[Math.Max(0, at - 120)..Math.Min(text.Length, at + secret.Length + 20)];
    }

    private static async Task<List<(Guid JobId, string Secret)>> SeedAsync(PortalApplication app, Guid tenantId, SandboxGraphServer graph, string echo, string mail)
    {
        var protector = app.Services.GetRequiredService<SecretProtector>();
        await using var db = app.CreateContext(tenantId);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId, Ct);
        tenant.Directory.ClientId = SandboxDemoIds.ClientId;
        tenant.Directory.ClientSecret = protector.Protect(GraphSecret);
        tenant.Directory.GraphBaseUrl = graph.BaseUrl;
        tenant.Directory.TokenEndpoint = graph.TokenEndpoint;
        tenant.WebhookUrl = $"{echo}/hooks";
        tenant.WebhookSecret = protector.Protect(WebhookSecret);
        // No host: mail goes to the pickup folder, where the bodies can be read; the SMTP password is stored all the same.
        db.MailSettings.Add(new MailSettings { UserName = "mailer", Password = protector.Protect(SmtpPassword), PickupFolder = mail });
        var targets = new (string Name, TargetAuthKind Kind, string? User, string Secret)[]
        {
            ("SCIM bearer", TargetAuthKind.BearerToken, null, ScimToken),
            ("SCIM OAuth", TargetAuthKind.OAuthClientCredentials, "portal-client", OAuthSecret),
            ("GoTo Meeting", TargetAuthKind.GoToAdminPassword, "teamadmin@contoso.example", GoToPassword),
        };
        var jobs = new List<(Guid, string)>();
        foreach (var (name, kind, user, secret) in targets)
        {
            var job = new ProvisioningJob
            {
                Mode = ProvisioningMode.Automatic,
                NotificationEmail = "admin@contoso.example",
                SendNotificationOnFailure = true,
                Target = { BaseUrl = $"{echo}/scim", AuthKind = kind, UserName = user, TokenEndpoint = $"{echo}/token" },
            };
            db.Applications.Add(new Application
            {
                DisplayName = name, TemplateId = "scim", ServicePrincipalId = SandboxDemoIds.ScimServicePrincipalId, ProvisioningJob = job,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            jobs.Add((job.Id, secret));
        }

        await db.SaveChangesAsync(Ct);
        return jobs;
    }

    private static async Task<List<Guid>> ApplicationIdsAsync(PortalApplication app, Guid tenantId)
    {
        await using var db = app.CreateContext(tenantId);
        return await db.Applications.Select(a => a.Id).ToListAsync(Ct);
    }

    // The application page prerenders only its first tab; the others render here with the host's own services.
    private static async Task RenderTabsAsync(IServiceProvider services, PortalApplication app, Guid tenantId, List<(string, string)> output)
    {
        await using var db = app.CreateContext(tenantId);
        var applications = await db.Applications.AsNoTracking().Include(a => a.ProvisioningJob).ToListAsync(Ct);
        ((IHostEnvironmentNavigationManager)services.GetRequiredService<NavigationManager>()).Initialize("https://localhost/", "https://localhost/applications");
        var admin = new ClaimsPrincipal(new ClaimsIdentity(
            [new(ClaimTypes.Name, "admin@contoso.test"), new(ClaimTypes.Role, PortalRoles.TenantAdmin), new(PortalClaimTypes.TenantId, tenantId.ToString())], "test"));
        ((IHostEnvironmentAuthenticationStateProvider)services.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(admin)));
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        foreach (var a in applications)
        {
            var jobId = a.ProvisioningJob!.Id;
            // As a tenant admin edits them and as help desk reads them.
            foreach (var canEdit in new[] { true, false })
            {
                output.Add(($"tab provisioning {a.DisplayName} (can edit: {canEdit})",
                    await RenderAsync<ProvisioningSettingsForm>(renderer, new() { ["JobId"] = jobId, ["TemplateId"] = a.TemplateId, ["CanEdit"] = canEdit })));
                output.Add(($"tab mappings {a.DisplayName} (can edit: {canEdit})",
                    await RenderAsync<MappingsTab>(renderer, new() { ["JobId"] = jobId, ["ApplicationId"] = a.Id, ["CanEdit"] = canEdit })));
            }

            output.Add(($"tab overview {a.DisplayName}", await RenderAsync<ApplicationOverviewTab>(renderer, new() { ["JobId"] = jobId })));
        }
    }

    private static Task<string> RenderAsync<T>(HtmlRenderer renderer, Dictionary<string, object?> parameters) where T : IComponent =>
        renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<T>(ParameterView.FromDictionary(parameters))).ToHtmlString());

    private static async Task WaitForDeliveriesAsync(PortalApplication app, Guid tenantId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = app.CreateContext(tenantId);
            var pending = await db.Notifications.CountAsync(n => n.EmailStatus == DeliveryStatus.Pending || n.WebhookStatus == DeliveryStatus.Pending, Ct);
            var any = await db.Notifications.AnyAsync(Ct);
            if (any && pending == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{pending} notification deliveries still pending.");
            await Task.Delay(200, Ct);
        }
    }
}
