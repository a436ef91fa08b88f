using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Web.Features.Api;
using Portal.Web.Features.Applications;
using Portal.Web.Features.Provisioning;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Identity;

/// <summary>
/// One tenant's data, every kind the portal keeps: an application with its job, mappings and a stored secret, a cycle
/// with logs (one failure), an escrowed retry, a link, a notification, audit entries and role assignments. Every name
/// carries the tenant's <see cref="Marker"/>, so a response that leaks any of it can be spotted by that word.
/// </summary>
internal sealed record TenantData(
    Tenant Tenant,
    string Marker,
    Guid ApplicationId,
    Guid JobId,
    Guid CycleId,
    long LogId,
    long FailureLogId,
    string FailureSourceId,
    long EscrowId,
    long LinkId,
    long NotificationId,
    Guid HelperUserId,
    Guid AdminUserId,
    Guid ApiKeyId,
    IReadOnlyList<Guid> MappingIds)
{
    /// <summary>Every id of the tenant's objects as text: what a guessing user would put into a URL.</summary>
    public IReadOnlyList<string> Ids =>
    [
        ApplicationId.ToString(), JobId.ToString(), CycleId.ToString(), LogId.ToString(), FailureLogId.ToString(), FailureSourceId,
        EscrowId.ToString(), LinkId.ToString(), NotificationId.ToString(), HelperUserId.ToString(), AdminUserId.ToString(),
        ApiKeyId.ToString(), Tenant.Id.ToString(), .. MappingIds.Select(i => i.ToString()),
    ];

    public static async Task<TenantData> SeedAsync(PortalApplication app, string marker)
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await app.AddTenantAsync(marker + " Corporation");
        var admin = await app.AddUserAsync(tenant.Id, $"{marker.ToLowerInvariant()}.boss@{marker.ToLowerInvariant()}.example", PortalRoles.TenantAdmin);
        Guid applicationId, jobId, helperId, apiKeyId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestPrincipals.Of(tenant.Id, PortalRoles.TenantAdmin, marker + " Boss"));
            var catalog = scope.ServiceProvider.GetRequiredService<ApplicationCatalog>();
            applicationId = await catalog.AddAsync(ApplicationGallery.GoToMeetingId, marker + " Payroll", ct);
            jobId = (await catalog.FindAsync(applicationId, ct))!.JobId;
            var settings = scope.ServiceProvider.GetRequiredService<JobSettingsService>();
            var input = (await settings.LoadAsync(jobId, ct))!;
            input.Mode = ProvisioningMode.Automatic;
            input.TenantUrl = $"https://{marker.ToLowerInvariant()}.target.example/scim";
            input.NewSecret = marker + "-stored-secret";
            input.NotificationEmail = $"ops@{marker.ToLowerInvariant()}.example";
            Assert.True((await settings.SaveAsync(jobId, input, ct)).Saved);
            await scope.ServiceProvider.GetRequiredService<DirectoryAccess>().SaveRequiredRolesAsync(applicationId, [marker + " Role"], ct);
            helperId = await scope.ServiceProvider.GetRequiredService<RoleAssignmentService>()
                .InviteAsync($"{marker.ToLowerInvariant()}.helper@{marker.ToLowerInvariant()}.example", PortalRoles.HelpDesk, ct);
            apiKeyId = (await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync(marker + " Monitoring", ApiAccess.ReadAndProvision, 90, ct)).Key.Id;
            await scope.ServiceProvider.GetRequiredService<ReleasedObjects>().StopManagingAsync(jobId, ObjectKind.User, marker + "-released", marker + " Person Left Alone", ct);
        }

        await using var db = app.CreateContext(tenant.Id);
        var now = DateTimeOffset.UtcNow;
        var cycle = new Cycle { JobId = jobId, Kind = CycleKind.Initial, State = CycleState.Succeeded, StartedAt = now.AddMinutes(-5), EndedAt = now, Created = 1, Failed = 1 };
        var failureSource = Guid.NewGuid().ToString();
        var ok = Log(jobId, cycle.Id, Guid.NewGuid().ToString(), marker + " Person One", ProvisioningLogStatus.Success, now);
        var failed = Log(jobId, cycle.Id, failureSource, marker + " Person Two", ProvisioningLogStatus.Failure, now);
        failed.ErrorCode = "Conflict";
        failed.ErrorReason = $"{marker} Person Two already exists";
        var escrow = new EscrowEntry { JobId = jobId, SourceId = failureSource, Action = ProvisioningAction.Create, Reason = marker + " escrow", Attempts = 1, FirstFailedAt = now, LastFailedAt = now, NextAttemptAt = now.AddMinutes(40) };
        var link = new LinkedObject { JobId = jobId, Kind = ObjectKind.User, SourceId = ok.SourceId, TargetId = Guid.NewGuid().ToString(), DisplayName = marker + " Person One" };
        var notification = new Notification { JobId = jobId, CycleId = cycle.Id, Kind = "ObjectsFailed", Title = marker + " Payroll has failures", Body = marker + " Person Two failed", CreatedAt = now };
        db.AddRange(cycle, ok, failed, escrow, link, notification);
        await db.SaveChangesAsync(ct);
        var mappingIds = await db.ObjectMappings.Where(m => m.JobId == jobId).Select(m => m.Id).ToListAsync(ct);
        return new TenantData(tenant, marker, applicationId, jobId, cycle.Id, ok.Id, failed.Id, failureSource, escrow.Id, link.Id, notification.Id,
            helperId, admin.Id, apiKeyId, mappingIds);
    }

    /// <summary>Everything of the tenant that a refused write could have changed, as one comparable text.</summary>
    public async Task<string> SnapshotAsync(PortalApplication app)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = app.CreateContext(Tenant.Id);
        var text = new StringBuilder();
        foreach (var a in await db.Applications.AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct))
        {
            text.AppendLine($"app {a.Id} {a.DisplayName} {string.Join(",", a.RequiredRoleValues)}");
        }

        foreach (var k in await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(ct))
        {
            text.AppendLine($"api key {k.Id} {k.Name} {k.Access} {k.Hash} {k.ExpiresAt} {k.LastUsedAt} {k.RevokedAt}");
        }

        foreach (var j in await db.ProvisioningJobs.AsNoTracking().OrderBy(j => j.Id).ToListAsync(ct))
        {
            text.AppendLine($"job {j.Id} {j.Mode} {j.Status} {j.StatusCode} {j.ConcurrencyStamp} {j.Target.BaseUrl} {j.Target.Secret?.Ciphertext} {j.Quarantine.Reason} {j.Watermark.CommittedAt} "
                + string.Join(",", j.Released.Select(r => $"{r.Kind}:{r.SourceId}")));
        }

        foreach (var m in await db.ObjectMappings.AsNoTracking().Include(m => m.AttributeMappings).Include(m => m.ScopingFilters).OrderBy(m => m.Id).ToListAsync(ct))
        {
            text.AppendLine($"mapping {m.Id} {m.Enabled} {m.AllowCreate} {m.AllowUpdate} {m.AllowDelete} {m.ScopingFilters.Count} "
                + string.Join(",", m.AttributeMappings.OrderBy(a => a.Order).Select(a => $"{a.TargetAttribute}={a.Source}")));
        }

        foreach (var l in await db.ProvisioningLogs.AsNoTracking().OrderBy(l => l.Id).ToListAsync(ct))
        {
            text.AppendLine($"log {l.Id} {l.Status} {l.ReviewedAt} {l.ReviewedBy}");
        }

        foreach (var n in await db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync(ct))
        {
            text.AppendLine($"notification {n.Id} {n.ReadAt}");
        }

        foreach (var u in await db.PortalUsers.AsNoTracking().OrderBy(u => u.Id).ToListAsync(ct))
        {
            text.AppendLine($"user {u.Id} {u.IsDisabled} {string.Join(",", u.Roles)}");
        }

        text.AppendLine($"escrow {await db.EscrowEntries.CountAsync(ct)} links {await db.LinkedObjects.CountAsync(ct)} cycles {await db.Cycles.CountAsync(ct)} audit {await db.AuditEvents.CountAsync(ct)}");
        return text.ToString();
    }

    private static ProvisioningLogEntry Log(Guid jobId, Guid cycleId, string sourceId, string name, ProvisioningLogStatus status, DateTimeOffset at) => new()
    {
        JobId = jobId,
        CycleId = cycleId,
        SourceId = sourceId,
        SourceDisplayName = name,
        TargetDisplayName = name,
        Action = ProvisioningAction.Create,
        Status = status,
        IdentityType = ObjectKind.User,
        ActivityDateTime = at,
    };
}
