using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;
using Portal.Testing;
using Portal.Provisioning.Targets;
using Portal.Web.Notifications;

namespace Portal.Web.Tests.Notifications;

/// <summary>
/// The notification services as the portal wires them, with a real Hangfire server (in-memory storage, fast polling)
/// delivering through real SMTP and HTTP, on a migrated SQLite database with one tenant and one provisioning job.
/// </summary>
public sealed class NotificationHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly TestDatabase _database;

    private NotificationHost(IHost host, TestDatabase database, Guid tenantId, Guid jobId)
    {
        _host = host;
        _database = database;
        TenantId = tenantId;
        JobId = jobId;
    }

    public Guid TenantId { get; }
    public Guid JobId { get; }
    public NotificationCenter Center => _host.Services.GetRequiredService<NotificationCenter>();
    public IServiceProvider Services => _host.Services;

    public static async Task<NotificationHost> StartAsync(
        Action<NotificationOptions>? configure = null, string notificationEmail = "admin@contoso.example", Action<Tenant>? tenant = null,
        bool allowPrivateNetwork = true, HostResolver? resolver = null, TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        var database = TestDatabase.CreateSqlite();
        await database.MigrateAsync();
        var builder = Host.CreateApplicationBuilder();
        // The test receivers listen on loopback, which production refuses; the SSRF tests turn this off.
        builder.Configuration["Targets:AllowPrivateNetwork"] = allowPrivateNetwork ? "true" : "false";
        if (resolver is not null)
        {
            builder.Services.AddSingleton(resolver);
        }

        builder.Services.AddPortalData(database.Settings);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        services?.Invoke(builder.Services);
        builder.Services.AddIsolatedHangfire();
        builder.Services.AddIsolatedHangfireServer();
        builder.AddPortalNotifications();
        builder.Services.Configure<NotificationOptions>(o =>
        {
            o.RetryDelays = [TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300)];
            o.PublicBaseUrl = "https://portal.contoso.example";
            configure?.Invoke(o);
        });
        var host = builder.Build();
        await host.StartAsync();

        var tenantId = Guid.NewGuid();
        var protector = host.Services.GetRequiredService<SecretProtector>();
        await using var db = host.Services.GetRequiredService<TenantDbContexts>().For(tenantId);
        var t = new Tenant { Id = tenantId, DirectoryId = tenantId.ToString(), DisplayName = "Contoso" };
        tenant?.Invoke(t);
        if (t.WebhookUrl is not null)
        {
            t.WebhookSecret = protector.Protect(WebhookSecret);
        }

        db.Tenants.Add(t);
        var app = new Application { DisplayName = "GoTo Meeting", TemplateId = "goto-meeting" };
        app.ProvisioningJob = new ProvisioningJob { NotificationEmail = notificationEmail, SendNotificationOnFailure = true };
        db.Applications.Add(app);
        await db.SaveChangesAsync();
        return new NotificationHost(host, database, tenantId, app.ProvisioningJob.Id);
    }

    public const string WebhookSecret = "whsec-7Yq2-test";

    public async Task UseSmtpAsync(SmtpServer smtp)
    {
        await using var db = _host.Services.GetRequiredService<TenantDbContexts>().ForSystem();
        var settings = await db.MailSettings.SingleOrDefaultAsync();
        if (settings is null)
        {
            settings = new MailSettings();
            db.MailSettings.Add(settings);
        }

        settings.Host = "127.0.0.1";
        settings.Port = smtp.Port;
        settings.Security = smtp.StartTls ? MailSecurity.StartTls : MailSecurity.None;
        settings.FromAddress = "portal@contoso.example";
        settings.PinnedCertificateThumbprint = smtp.CertificateThumbprint;
        await db.SaveChangesAsync();
    }

    public NotificationEvent FailureEvent(int failed = 3) => new(
        TenantId, JobId, NotificationKinds.ObjectsFailed, NotificationSeverity.Warning,
        $"{failed} {(failed == 1 ? "object" : "objects")} failed to provision", "The failed objects are retried in later cycles.", failed,
        Guid.NewGuid(), [new ErrorReason("Conflict", "userName already exists in GoTo Meeting", "Check the matching attribute.", failed)],
        $"logs?jobId={JobId}&status=Failure");

    public async Task<Notification> NotificationAsync(long id)
    {
        await using var db = _host.Services.GetRequiredService<TenantDbContexts>().For(TenantId);
        return await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id);
    }

    public async Task<ProvisioningJob> JobAsync()
    {
        await using var db = _host.Services.GetRequiredService<TenantDbContexts>().For(TenantId);
        return await db.ProvisioningJobs.AsNoTracking().SingleAsync(j => j.Id == JobId);
    }

    public async Task<Notification> WaitAsync(long id, Func<Notification, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var n = await NotificationAsync(id);
        while (!done(n) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            n = await NotificationAsync(id);
        }

        return n;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _database.DisposeAsync();
    }
}
