using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Web.Audit;
using Portal.Web.Features.Applications;
using Portal.Web.Features.Mappings;
using Portal.Web.Features.Provisioning;
using Portal.Web.Tests.Features;

namespace Portal.Web.Tests.Audit;

/// <summary>
/// The admin UI's configuration changes go through the one audit writer: each kind of change leaves an entry naming the
/// signed-in admin and the old and new values, and a secret only ever reads "changed".
/// </summary>
public sealed class ConfigurationAuditTests : FeatureTestBase
{
    private const string Secret = "goto-admin-password-7f3a9c";

    [Fact]
    public async Task EachKindOfChange_IsAuditedByTheSignedInAdmin_AndNoSecretValueIsStored()
    {
        var applicationId = await Get<ApplicationCatalog>().AddAsync(ApplicationGallery.GoToMeetingId, "GoTo Meeting", Ct);
        var jobId = (await Get<ApplicationCatalog>().FindAsync(applicationId, Ct))!.JobId;
        var settings = Get<JobSettingsService>();

        var input = (await settings.LoadAsync(jobId, Ct))!;
        input.Mode = ProvisioningMode.Automatic;
        input.TenantUrl = "https://api.getgo.example/identity/v1";
        input.AdminUserName = "admin@contoso.example";
        input.NewSecret = Secret;
        Assert.True((await settings.SaveAsync(jobId, input, Ct)).Saved);

        input.Scope = ProvisioningScope.All;
        input.IntervalMinutes = 60;
        Assert.True((await settings.SaveAsync(jobId, input, Ct)).Saved);

        input.Status = ProvisioningStatus.On;
        Assert.True((await settings.SaveAsync(jobId, input, Ct)).Saved);
        input.Status = ProvisioningStatus.Off;
        Assert.True((await settings.SaveAsync(jobId, input, Ct)).Saved);

        var mappings = Get<MappingService>();
        var users = (await mappings.LoadAsync(jobId, Ct)).Single(m => m.SourceObject == ObjectKind.User);
        users.AttributeMappings.Single(a => a.TargetAttribute == "name.givenName").Source = "mailNickname";
        users.ScopingFilters.Add(new ScopingFilter
        {
            Name = "Sales only",
            Clauses = [new ScopingFilterClause { SourceAttribute = "department", Operator = "EQUALS", Value = "Sales" }],
        });
        await mappings.SaveAsync(users, Ct);
        await Get<DirectoryAccess>().SaveRequiredRolesAsync(applicationId, ["Attendee"], Ct);

        await using var db = CreateContext();
        var entries = await db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync(Ct);
        Assert.Equal(
            [AuditActivities.AddApplication, AuditActivities.UpdateProvisioningSettingOrCredentials, AuditActivities.UpdateProvisioningSettingOrCredentials,
             AuditActivities.EnableProvisioning, AuditActivities.DisableProvisioning, AuditActivities.UpdateAttributeMappingsOrScope,
             AuditActivities.UpdateProvisioningSettingOrCredentials],
            entries.Select(e => e.Activity));
        Assert.All(entries, e => Assert.Equal(("oid-adele-admin", "Adele Admin", TenantId), (e.ActorId, e.ActorName, e.TenantId)));

        var credentials = AuditLog.ReadChanges(entries[1]);
        Assert.Contains(new AuditChange("Secret", null, AuditChange.SecretChanged), credentials);
        Assert.Contains(new AuditChange("AdminUserName", null, "admin@contoso.example"), credentials);
        Assert.Contains(new AuditChange("Mode", "Manual", "Automatic"), credentials);
        var scopeAndSchedule = AuditLog.ReadChanges(entries[2]);
        Assert.Contains(new AuditChange("Scope", "AssignedOnly", "All"), scopeAndSchedule);
        Assert.Contains(scopeAndSchedule, c => c.Name == "Interval" && c.NewValue == "60 min");
        Assert.Equal([new AuditChange("Status", "Off", "On")], AuditLog.ReadChanges(entries[3]));
        Assert.Equal([new AuditChange("Status", "On", "Off")], AuditLog.ReadChanges(entries[4]));
        var mapping = AuditLog.ReadChanges(entries[5]);
        Assert.Contains(mapping, c => c.Name == "AttributeMappings" && c.OldValue!.Contains("name.givenName ← givenName", StringComparison.Ordinal)
            && c.NewValue!.Contains("name.givenName ← mailNickname", StringComparison.Ordinal));
        Assert.Contains(new AuditChange("ScopingFilters", null, "Sales only: department EQUALS Sales"), mapping);
        Assert.Equal([new AuditChange("RequiredRoleValues", null, "Attendee")], AuditLog.ReadChanges(entries[6]));

        var stored = (await db.ProvisioningJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, Ct)).Target.Secret!;
        foreach (var entry in entries)
        {
            var text = string.Join("|", entry.Activity, entry.TargetType, entry.TargetId, entry.ChangesJson);
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(stored.Ciphertext, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AuditPage_NamesEachTarget_WhileItExists_AndKeepsTheIdOnceItIsGone()
    {
        var catalog = Get<ApplicationCatalog>();
        var applicationId = await catalog.AddAsync(ApplicationGallery.GoToMeetingId, "GoTo Meeting (sales)", Ct);
        var jobId = (await catalog.FindAsync(applicationId, Ct))!.JobId;
        var input = (await Get<JobSettingsService>().LoadAsync(jobId, Ct))!;
        input.IntervalMinutes = 60;
        await Get<JobSettingsService>().SaveAsync(jobId, input, Ct);
        var users = (await Get<MappingService>().LoadAsync(jobId, Ct)).Single(m => m.SourceObject == ObjectKind.User);
        users.AllowDelete = false;
        await Get<MappingService>().SaveAsync(users, Ct);
        var goneId = await catalog.AddAsync(ApplicationGallery.ScimId, "Old HR", Ct);
        await catalog.DeleteAsync(goneId, Ct);

        var page = await new AuditQuery(Get<IDbContextFactory<PortalDbContext>>()).ReadAsync(new AuditFilter(), 0, 50, Ct);

        string? Target(string activity, string type) =>
            page.Items.Where(e => e.Activity == activity && e.TargetType == type).Select(e => page.TargetNames.GetValueOrDefault(e.Id)).First();
        Assert.Equal("GoTo Meeting (sales)", Target(AuditActivities.UpdateProvisioningSettingOrCredentials, nameof(ProvisioningJob)));
        Assert.Equal($"GoTo Meeting (sales) · {users.Name}", Target(AuditActivities.UpdateAttributeMappingsOrScope, nameof(ObjectMapping)));
        Assert.Equal("GoTo Meeting (sales)", page.TargetNames[page.Items.Single(e => e.TargetId == applicationId.ToString()).Id]);
        Assert.All(page.Items.Where(e => e.TargetId == goneId.ToString()), e => Assert.False(page.TargetNames.ContainsKey(e.Id)));
    }

    [Fact]
    public async Task Save_WritesNoEntry_WhenNothingChanged()
    {
        var applicationId = await Get<ApplicationCatalog>().AddAsync(ApplicationGallery.ScimId, "HR SCIM", Ct);
        var jobId = (await Get<ApplicationCatalog>().FindAsync(applicationId, Ct))!.JobId;
        var input = (await Get<JobSettingsService>().LoadAsync(jobId, Ct))!;

        Assert.True((await Get<JobSettingsService>().SaveAsync(jobId, input, Ct)).Saved);

        await using var db = CreateContext();
        Assert.Equal([AuditActivities.AddApplication], await db.AuditEvents.Select(e => e.Activity).ToListAsync(Ct));
    }
}
