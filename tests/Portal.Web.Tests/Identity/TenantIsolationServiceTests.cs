using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Reconciliation;
using Portal.Web.Audit;
using Portal.Web.Features.Api;
using Portal.Web.Features.Applications;
using Portal.Web.Features.DirectorySource;
using Portal.Web.Features.HelpDesk;
using Portal.Web.Features.Logs;
using Portal.Web.Features.Mappings;
using Portal.Web.Features.Notifications;
using Portal.Web.Features.Overview;
using Portal.Web.Features.Provisioning;
using Portal.Web.Features.Sandbox;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Identity;

/// <summary>
/// The services the Blazor components call (over the circuit, not over HTTP), resolved from the host's container in a
/// scope signed in as tenant A: given tenant B's real ids they find nothing and change nothing.
/// </summary>
public sealed class TenantIsolationServiceTests
{
    // Every public method of every tenant-data service of the web app; a new one must be exercised below and listed here.
    private static readonly HashSet<string> Exercised =
    [
        "ApplicationCatalog.ListAsync", "ApplicationCatalog.NamesByJobAsync", "ApplicationCatalog.FindAsync", "ApplicationCatalog.AddAsync", "ApplicationCatalog.DeleteAsync",
        "ApplicationCatalog.SuggestNameAsync", "ApplicationCatalog.RenameAsync",
        "DirectoryAccess.ReadAssignmentsAsync", "DirectoryAccess.GetAsync", "DirectoryAccess.SaveRequiredRolesAsync", "DirectoryAccess.RequiredRolesAsync",
        "DirectoryAccess.LinkEnterpriseApplicationAsync", "DirectoryAccess.EnterpriseApplicationAsync", "DirectoryAccess.GroupMembersAsync",
        "DirectoryAccess.FindAsync", "DirectoryAccess.AssignAsync", "DirectoryAccess.UnassignAsync",
        "DirectoryConnectionEditor.LoadAsync", "DirectoryConnectionEditor.SaveAsync", "DirectoryConnectionEditor.TestAsync",
        "JobSettingsService.LoadAsync", "JobSettingsService.SaveAsync", "JobSettingsService.SwitchAsync", "ConnectionTester.TestAsync", "JobProgressQuery.LoadAsync",
        "ProvisionedAccounts.JobExistsAsync", "ProvisionedAccounts.WriteCsvAsync", "ProvisionedAccounts.StatusesAsync",
        "MappingService.LoadAsync", "MappingService.SaveAsync", "MappingService.RestoreDefaultsAsync", "MappingService.ExportAsync",
        "MappingService.ImportAsync", "TargetAttributeSuggestions.ForAsync",
        "ProvisioningLogQuery.PageAsync", "ProvisioningLogQuery.StreamAsync", "LogEntryQuery.FindAsync",
        "FailuresInbox.ListAsync", "FailuresInbox.CountOpenAsync", "FailuresInbox.CountOpenByJobAsync", "FailuresInbox.MarkReviewedAsync", "FailuresInbox.MarkReasonReviewedAsync",
        "NotificationInbox.UnreadCountAsync", "NotificationInbox.LatestAsync", "NotificationInbox.MarkReadAsync",
        "DashboardQuery.LoadAsync", "AuditQuery.ReadAsync", "AuditQuery.ActivitiesAsync", "DownloadAudit.RecordAsync",
        "RoleAssignmentService.ListAsync", "RoleAssignmentService.InviteAsync", "RoleAssignmentService.SetRoleAsync", "RoleAssignmentService.SetDisabledAsync",
        "EngineProvisioningActions.StartCycleAsync", "EngineProvisioningActions.RestartAsync", "EngineProvisioningActions.AllowDeletesAsync",
        "EngineProvisioningActions.ProvisionOnDemandAsync", "EngineProvisioningActions.DryRunAsync", "EngineProvisioningActions.PreviewAsync",
        "EngineProvisioningActions.ReconcileAsync", "EngineProvisioningActions.RepairAsync", "EngineProvisioningActions.UndoPlanAsync",
        "EngineProvisioningActions.UndoCycleAsync", "EngineProvisioningActions.RetryAsync",
        "EngineProvisioningActions.ProvisionUsersOnDemandAsync", "EngineProvisioningActions.LinkAsync",
        "EngineProvisioningActions.TargetAccountsAsync",
        "SandboxLinkedApplications.ListAsync",
        "ApiKeys.ListAsync", "ApiKeys.CreateAsync", "ApiKeys.RevokeAsync",
        "ReleasedObjects.ListAsync", "ReleasedObjects.StopManagingAsync", "ReleasedObjects.ManageAgainAsync",
    ];

    // Services of the operator's own pages, over data no tenant owns (the outgoing mail settings are the deployment's).
    private static readonly HashSet<Type> OperatorOnly = [typeof(MailSettingsEditor)];

    [Fact]
    public void EveryTenantDataService_IsExercisedByTheIsolationTest()
    {
        // A service reads tenant data when it is built on the tenant-filtered DbContext factory; the engine actions are the
        // UI's other way in. Operator-only services (tenant onboarding) read across tenants on purpose and are not here.
        var methods = typeof(Program).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && !OperatorOnly.Contains(t)
                && t.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(IDbContextFactory<PortalDbContext>))))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName).Select(m => $"{t.Name}.{m.Name}"))
            .ToHashSet();

        Assert.Empty(methods.Except(Exercised));
        Assert.Empty(Exercised.Except(methods));
    }

    [Theory]
    [InlineData(PortalRoles.TenantAdmin)]
    [InlineData(PortalRoles.HelpDesk)]
    public async Task UiServices_FindAndChangeNothingOfTenantB_WhenCalledWithBsIdsInTenantAsScope(string role)
    {
        await using var app = new PortalApplication();
        var a = await TenantData.SeedAsync(app, "Alpha");
        var b = await TenantData.SeedAsync(app, "Bravo");
        var before = await b.SnapshotAsync(app);
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestPrincipals.Of(a.Tenant.Id, role, "Alpha Agent"));
        T Get<T>() where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

        var catalog = Get<ApplicationCatalog>();
        Assert.Equal([a.ApplicationId], (await catalog.ListAsync(ct)).Select(s => s.Id));
        Assert.Null(await catalog.FindAsync(b.ApplicationId, ct));
        var name = Assert.Single(await catalog.NamesByJobAsync(ct));
        Assert.Equal((a.JobId, "Alpha Payroll"), (name.Key, name.Value));
        await catalog.DeleteAsync(b.ApplicationId, ct);
        var added = await catalog.AddAsync(ApplicationGallery.ScimId, "Alpha HR", ct);
        await using (var bravo = app.CreateContext(b.Tenant.Id))
        {
            Assert.False(await bravo.Applications.AnyAsync(x => x.Id == added, ct));
        }

        // Names are unique within a tenant only: B's "Bravo Payroll" is free in A, A's own is not; B's app cannot be renamed.
        var bravoNamed = await catalog.AddAsync(ApplicationGallery.GoToMeetingId, "Bravo Payroll", ct);
        Assert.Equal("Bravo Payroll", (await catalog.FindAsync(bravoNamed, ct))!.DisplayName);
        Assert.Equal("GoTo Meeting", await catalog.SuggestNameAsync(ApplicationGallery.GoToMeetingId, ct));
        await Assert.ThrowsAsync<ApplicationNameException>(() => catalog.RenameAsync(b.ApplicationId, "Bravo Renamed", ct));
        await using (var bravo = app.CreateContext(b.Tenant.Id))
        {
            Assert.Equal("Bravo Payroll", (await bravo.Applications.SingleAsync(x => x.Id == b.ApplicationId, ct)).DisplayName);
        }

        var directory = Get<DirectoryAccess>();
        Assert.False((await directory.ReadAssignmentsAsync(b.ApplicationId, ct)).Succeeded);
        Assert.Null(await directory.GetAsync(b.ApplicationId, ObjectKind.User, b.FailureSourceId, cancellationToken: ct));
        Assert.Empty(await directory.RequiredRolesAsync(b.ApplicationId, ct));
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => directory.SaveRequiredRolesAsync(b.ApplicationId, ["Alpha Role"], ct));
        Assert.Null(await directory.EnterpriseApplicationAsync(b.ApplicationId, ct));
        Assert.Empty((await directory.GroupMembersAsync(b.ApplicationId, b.FailureSourceId, ct)).Members);
        var found = await directory.FindAsync(b.ApplicationId, ObjectKind.User, "B", [], ct);
        Assert.Empty(found.Picks);
        Assert.NotNull(found.Problem);
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => directory.LinkEnterpriseApplicationAsync(b.ApplicationId, Guid.NewGuid().ToString(), ct));
        // Assigning in B's directory through B's application: refused before Graph is asked.
        Assert.False((await directory.AssignAsync(b.ApplicationId, [new DirectoryPrincipal(ObjectKind.User, new DirectoryPick(b.FailureSourceId, "Bo", null, null))],
            new Portal.Provisioning.Source.AppRole(Guid.NewGuid().ToString(), "User", "User"), ct)).Succeeded);
        Assert.False((await directory.UnassignAsync(b.ApplicationId,
            new AssignmentView(b.FailureSourceId, Portal.Provisioning.Source.PrincipalType.User, "Bo", Guid.NewGuid().ToString(), "User", true, "assignment-1"), ct)).Succeeded);

        // What a job no longer manages: B's list is not A's to read, nor B's objects A's to release or take back.
        var releases = Get<ReleasedObjects>();
        Assert.Equal(["Alpha-released"], (await releases.ListAsync(a.JobId, ct)).Select(r => r.SourceId));
        Assert.Empty(await releases.ListAsync(b.JobId, ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => releases.StopManagingAsync(b.JobId, ObjectKind.User, b.FailureSourceId, "Bo", ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => releases.ManageAgainAsync(b.JobId, ObjectKind.User, "Bravo-released", ct));

        // API keys: A's list holds A's key only; B's key cannot be revoked from A; a new key is A's.
        var keys = Get<ApiKeys>();
        Assert.Equal(["Alpha Monitoring"], (await keys.ListAsync(ct)).Select(k => k.Name));
        if (role == PortalRoles.TenantAdmin)
        {
            await keys.RevokeAsync(b.ApiKeyId, ct);
            var created = await keys.CreateAsync("Alpha Script", ApiAccess.Read, 30, ct);
            await using var bravo = app.CreateContext(b.Tenant.Id);
            Assert.False(await bravo.ApiKeys.AnyAsync(k => k.Id == created.Key.Id, ct));
        }
        else
        {
            await Assert.ThrowsAsync<ApiKeyException>(() => keys.CreateAsync("Alpha Script", ApiAccess.Read, 30, ct));
            await Assert.ThrowsAsync<ApiKeyException>(() => keys.RevokeAsync(b.ApiKeyId, ct));
        }

        if (role == PortalRoles.TenantAdmin)
        {
            // The directory connection is always the signed-in tenant's own: A's form loads and saves A's, never B's.
            var connection = Get<DirectoryConnectionEditor>();
            var form = await connection.LoadAsync(ct);
            Assert.Equal(a.Tenant.DirectoryId, form.DirectoryId);
            form.ClientId = Guid.NewGuid().ToString();
            form.NewClientSecret = "alpha-graph-secret";
            await connection.SaveAsync(form, ct);
            form.ClientId = "not an id";
            await Assert.ThrowsAsync<DirectoryConnectionException>(() => connection.TestAsync(form, ct));
            await using var bravo = app.CreateContext(b.Tenant.Id);
            Assert.Equal(b.Tenant.Directory.ClientId, (await bravo.Tenants.SingleAsync(t => t.Id == b.Tenant.Id, ct)).Directory.ClientId);
        }

        var settings = Get<JobSettingsService>();
        Assert.Null(await settings.LoadAsync(b.JobId, ct));
        var ownInput = (await settings.LoadAsync(a.JobId, ct))!;
        ownInput.Status = ProvisioningStatus.On;
        ownInput.Mode = ProvisioningMode.Automatic;
        Assert.False((await settings.SaveAsync(b.JobId, ownInput, ct)).Saved);
        Assert.False((await settings.SwitchAsync(b.JobId, ProvisioningStatus.On, ct)).Saved);
        var test = await Get<ConnectionTester>().TestAsync(b.JobId, new JobSettingsInput { TenantUrl = "https://bravo.target.example/scim" }, includeConformance: false, ct);
        Assert.False(test.Succeeded);
        Assert.Null(await Get<JobProgressQuery>().LoadAsync(b.JobId, ct));
        var accounts = Get<ProvisionedAccounts>();
        Assert.False(await accounts.JobExistsAsync(b.JobId, ct));
        using (var report = new MemoryStream())
        {
            await accounts.WriteCsvAsync(b.JobId, report, ct);
            Assert.Single(System.Text.Encoding.UTF8.GetString(report.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        // B's open failure of that object is not A's to see.
        Assert.Empty(await accounts.StatusesAsync(b.JobId, [b.FailureSourceId], ct));


        var mappings = Get<MappingService>();
        Assert.Empty(await mappings.LoadAsync(b.JobId, ct));
        var ownMapping = (await mappings.LoadAsync(a.JobId, ct))[0];
        ownMapping.Id = b.MappingIds[0];
        ownMapping.AllowDelete = !ownMapping.AllowDelete;
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => mappings.SaveAsync(ownMapping, ct));
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => mappings.RestoreDefaultsAsync(b.JobId, ct));
        Assert.Null(await mappings.ExportAsync(b.JobId, ct));
        var ownFile = (await mappings.ExportAsync(a.JobId, ct))!;
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => mappings.ImportAsync(b.JobId, ownFile, ct));
        // B's target is never asked with B's stored credentials: only RFC 7643's names come back.
        var suggested = await Get<TargetAttributeSuggestions>().ForAsync(b.ApplicationId, ObjectKind.User, ct);
        Assert.Equal((false, null), (suggested.Asked, suggested.Problem));

        var logs = Get<ProvisioningLogQuery>();
        Assert.Equal(0, (await logs.PageAsync(new LogFilter { JobId = b.JobId }, 0, 50, null, true, ct)).TotalItems);
        Assert.Equal(0, (await logs.PageAsync(new LogFilter { CycleId = b.CycleId }, 0, 50, null, true, ct)).TotalItems);
        Assert.Empty(await logs.StreamAsync(new LogFilter { Identity = b.FailureSourceId }, ct).ToListAsync(ct));
        Assert.All((await logs.PageAsync(new LogFilter(), 0, 50, null, true, ct)).Items, e => Assert.Equal(a.Tenant.Id, e.TenantId));
        Assert.Null(await Get<LogEntryQuery>().FindAsync(b.FailureLogId, ct));

        var inbox = Get<FailuresInbox>();
        Assert.Equal([a.JobId], (await inbox.ListAsync(ct)).SelectMany(g => g.Items).Select(i => i.JobId));
        Assert.Equal(1, await inbox.CountOpenAsync(ct));
        Assert.Equal([a.JobId], (await inbox.CountOpenByJobAsync(ct)).Keys);
        await inbox.MarkReviewedAsync(new FailureItem(b.FailureLogId, b.JobId, "Bravo Payroll", ObjectKind.User, b.FailureSourceId, null, ProvisioningAction.Create, DateTimeOffset.UtcNow), "Alpha Agent", ct);

        var notifications = Get<NotificationInbox>();
        Assert.Equal(1, await notifications.UnreadCountAsync(ct));
        Assert.Equal([a.NotificationId], (await notifications.LatestAsync(50, ct)).Select(n => n.Id));
        await notifications.MarkReadAsync(b.NotificationId, ct);
        Assert.Equal(1, await notifications.UnreadCountAsync(ct));

        Assert.Equal(1, (await Get<DashboardQuery>().LoadAsync(14, ct)).OpenFailures);
        // A download naming B's job is recorded in A's own audit log; B's stays as it was (the snapshot below).
        await Get<DownloadAudit>().RecordAsync(AuditActivities.DownloadMappings, b.JobId, "json", [], ct);
        var audit = Get<AuditQuery>();
        Assert.DoesNotContain((await audit.ReadAsync(new AuditFilter(), 0, 500, ct)).Items, e => e.TenantId != a.Tenant.Id || e.ActorName == "Bravo Boss");
        Assert.NotEmpty(await audit.ActivitiesAsync(ct));

        var assignments = Get<RoleAssignmentService>();
        Assert.DoesNotContain(await assignments.ListAsync(ct), r => r.UserId == b.HelperUserId || r.UserId == b.AdminUserId);
        if (role == PortalRoles.TenantAdmin)
        {
            // Inviting B's helper by name makes a new user of A; B's user is untouched.
            await assignments.InviteAsync("bravo.helper@bravo.example", PortalRoles.TenantAdmin, ct);
        }

        await Assert.ThrowsAsync<RoleAssignmentException>(() => assignments.SetRoleAsync(b.HelperUserId, PortalRoles.TenantAdmin, true, ct));
        await Assert.ThrowsAsync<RoleAssignmentException>(() => assignments.SetDisabledAsync(b.AdminUserId, true, ct));

        // Registered only with the sandbox on; built here so its tenant query is held to the same rule.
        var linked = ActivatorUtilities.CreateInstance<SandboxLinkedApplications>(scope.ServiceProvider);
        Assert.DoesNotContain(await linked.ListAsync(ct), l => l.ApplicationId == b.ApplicationId || l.JobId == b.JobId);

        var actions = Get<IProvisioningActions>();
        Assert.False((await actions.StartCycleAsync(b.JobId, ct)).Succeeded);
        Assert.False((await actions.RestartAsync(b.JobId, RestartScope.Full, ct)).Succeeded);
        Assert.False((await actions.AllowDeletesAsync(b.JobId, ct)).Succeeded);
        Assert.False((await actions.ProvisionOnDemandAsync(b.JobId, ObjectKind.User, b.FailureSourceId, cancellationToken: ct)).Succeeded);
        Assert.False((await actions.DryRunAsync(b.JobId, ct)).Succeeded);
        var draft = new ObjectMapping { JobId = b.JobId, Name = "Bravo users", TargetObjectName = "urn:ietf:params:scim:schemas:core:2.0:User" };
        Assert.False((await actions.PreviewAsync(b.JobId, new JobDraft(Mapping: draft), ct)).Succeeded);
        Assert.False((await actions.PreviewAsync(b.JobId, new JobDraft(Scope: ProvisioningScope.All), ct)).Succeeded);
        Assert.False((await actions.ReconcileAsync(b.JobId, cancellationToken: ct)).Succeeded);
        Assert.False((await actions.RepairAsync(b.JobId, [new RepairRequest(ObjectKind.User, b.FailureSourceId, [])], ct)).Succeeded);
        Assert.False((await actions.RetryAsync(b.JobId, [(ObjectKind.User, b.FailureSourceId)], ct)).Succeeded);
        Assert.False((await actions.LinkAsync(b.JobId, ObjectKind.User, b.FailureSourceId, "bravo-account", ct)).Succeeded);
        Assert.Empty((await actions.TargetAccountsAsync(b.JobId, ObjectKind.User, ["bravo-account"], ct)).Accounts);
        Assert.False((await actions.ProvisionUsersOnDemandAsync(b.JobId, [b.FailureSourceId, "someone-else"], ct)).Succeeded);
        Assert.Null(await actions.UndoPlanAsync(b.JobId, ct));
        Assert.False((await actions.UndoCycleAsync(b.JobId, b.CycleId, ct)).Succeeded);

        // Last, as it clears A's own failure of the same reason: B's stays open.
        Assert.Equal(1, await inbox.MarkReasonReviewedAsync("Conflict", "Alpha Agent", ct));

        Assert.Equal(before, await b.SnapshotAsync(app));
    }
}
