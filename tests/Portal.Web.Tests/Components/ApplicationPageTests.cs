using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Web.Components.Pages.Applications;
using Portal.Web.Jobs;

namespace Portal.Web.Tests.Components;

/// <summary>The app page's header and logs tab follow the job: after Save on the Provisioning tab and when a cycle ends.</summary>
public sealed class ApplicationPageTests : UiTestBase
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    // The page's refresh timer runs on this clock; registered before anything is resolved.
    public ApplicationPageTests() => Context.Services.AddSingleton<TimeProvider>(_time);

    [Fact]
    public async Task Header_ShowsStatusOn_WhenProvisioningTabIsSavedWithStatusOn()
    {
        var (applicationId, jobId) = await AddConfiguredApplicationAsync();
        var cut = Render(applicationId);
        cut.WaitForAssertion(() => Assert.Equal("Off", HeaderStatus(cut)));

        await cut.InvokeAsync(() => Tab(cut, "Provisioning").Click());
        cut.WaitForAssertion(() => cut.ButtonNamed("Save"));
        var on = cut.FindAll("input[type=radio]").Single(r => r.ParentElement!.ParentElement!.TextContent.Trim() == "On");
        await cut.InvokeAsync(() => on.Click());
        await cut.InvokeAsync(() => cut.ButtonNamed("Save").Click());

        cut.WaitForAssertion(() => Assert.Equal("On", HeaderStatus(cut)));
        await using var db = Database.CreateContext(TenantId);
        Assert.Equal(ProvisioningStatus.On, (await db.ProvisioningJobs.SingleAsync(j => j.Id == jobId, Ct)).Status);
    }

    [Fact]
    public async Task LogsTab_CountsTheEntries_AndFollowsACycleThatEndsWhileItIsOpen()
    {
        var (applicationId, jobId) = await AddConfiguredApplicationAsync();
        await AddLogsAsync(jobId, 2, endCycle: false);
        var cut = Render(applicationId);
        cut.WaitForAssertion(() => Assert.Equal("Off", HeaderStatus(cut)));

        await cut.InvokeAsync(() => Tab(cut, "Provisioning logs").Click());
        cut.WaitForAssertion(() => Assert.Contains("2 entries", cut.Markup));

        // A cycle ends meanwhile: it wrote three more entries and left the job quarantined.
        await AddLogsAsync(jobId, 3, endCycle: true);
        await cut.InvokeAsync(() => _time.Advance(ApplicationPage.RefreshInterval));

        cut.WaitForAssertion(() => Assert.Contains("5 entries", cut.Markup));
        cut.WaitForAssertion(() => Assert.Equal("Quarantined", HeaderStatus(cut)));
    }

    [Fact]
    public async Task OverviewTab_SaysWhatToDo_AndOffersNoStart_UntilTheJobIsSetUp()
    {
        var (notSetUp, _) = await AddApplicationAsync();
        var (setUp, _) = await AddConfiguredApplicationAsync();

        var fresh = Render(notSetUp);
        fresh.WaitForAssertion(() => Assert.Contains("Provisioning is not set up yet", fresh.Find("[data-testid=not-set-up]").TextContent));
        Assert.True(fresh.ButtonNamed("Start provisioning").HasAttribute("disabled"));
        Assert.True(fresh.ButtonNamed("Restart provisioning").HasAttribute("disabled"));

        var configured = Render(setUp);
        configured.WaitForAssertion(() => Assert.Contains("No cycle has run yet", configured.Markup));
        Assert.Empty(configured.FindAll("[data-testid=not-set-up]"));
        Assert.False(configured.ButtonNamed("Start provisioning").HasAttribute("disabled"));
    }

    [Fact]
    public async Task OverviewTab_StartSwitchesProvisioningOn_AndStopSwitchesItOff()
    {
        var (applicationId, jobId) = await AddConfiguredApplicationAsync();
        var cut = Render(applicationId);
        cut.WaitForAssertion(() => cut.ButtonNamed("Start provisioning"));

        await cut.InvokeAsync(() => cut.ButtonNamed("Start provisioning").Click());
        cut.WaitForAssertion(() => Assert.Equal("On", HeaderStatus(cut)));
        Assert.Equal(ProvisioningStatus.On, await StatusAsync(jobId));
        cut.ButtonNamed("Sync now");

        await cut.InvokeAsync(() => cut.ButtonNamed("Stop provisioning").Click());
        cut.WaitForAssertion(() => Assert.Equal("Off", HeaderStatus(cut)));
        Assert.Equal(ProvisioningStatus.Off, await StatusAsync(jobId));
        cut.WaitForAssertion(() => cut.ButtonNamed("Start provisioning"));
    }

    [Fact]
    public async Task OverviewTab_CallsAJobSwitchedOffAfterItsCyclesPaused_AsEntraDoes()
    {
        var (applicationId, jobId) = await AddConfiguredApplicationAsync();
        await using (var db = Database.CreateContext(TenantId))
        {
            var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == jobId, Ct);
            (job.Status, job.StatusCode) = (ProvisioningStatus.Off, JobStatusCode.Active);
            await db.SaveChangesAsync(Ct);
        }

        var cut = Render(applicationId);

        cut.WaitForAssertion(() => Assert.Equal("Off (paused)", cut.Find("[data-testid=provisioning-status]").TextContent.Trim()));
    }

    private async Task<ProvisioningStatus> StatusAsync(Guid jobId)
    {
        await using var db = Database.CreateContext(TenantId);
        return (await db.ProvisioningJobs.SingleAsync(j => j.Id == jobId, Ct)).Status;
    }

    private IRenderedComponent<ApplicationPage> Render(Guid applicationId) =>
        Context.Render<ApplicationPage>(p => p.Add(x => x.ApplicationId, applicationId));

    private static string HeaderStatus(IRenderedComponent<ApplicationPage> cut) => cut.Find("h1 + .mud-chip, .mud-chip").TextContent.Trim();

    private static AngleSharp.Dom.IElement Tab(IRenderedComponent<ApplicationPage> cut, string name) =>
        cut.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == name);

    // The admin's earlier steps: mode Automatic, tenant URL and secret stored.
    private async Task<(Guid ApplicationId, Guid JobId)> AddConfiguredApplicationAsync()
    {
        var (applicationId, jobId) = await AddApplicationAsync();
        await using var db = Database.CreateContext(TenantId);
        var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == jobId, Ct);
        job.Mode = ProvisioningMode.Automatic;
        job.Target.BaseUrl = "https://scim.example.test/v2";
        job.Target.Secret = Context.Services.GetRequiredService<SecretProtector>().Protect("admin-password");
        await db.SaveChangesAsync(Ct);
        return (applicationId, jobId);
    }

    [Fact]
    public async Task OverviewTab_ShowsWhatTheLastCycleSaidOfItself()
    {
        var (applicationId, jobId) = await AddConfiguredApplicationAsync();
        const string Note = "Note: The mappings name what the directory does not have, which was not read and maps no value; fix them on the Mappings tab: "
            + "'departmnet' is not an attribute of directory users; did you mean 'department'?";
        await using (var db = Database.CreateContext(TenantId))
        {
            db.Cycles.Add(new Cycle
            {
                JobId = jobId, Kind = CycleKind.Incremental, State = CycleState.Succeeded, StartedAt = _time.GetUtcNow().AddMinutes(-1),
                EndedAt = _time.GetUtcNow(), Error = Note,
            });
            await db.SaveChangesAsync(Ct);
        }

        var cut = Render(applicationId);

        cut.WaitForAssertion(() => Assert.Equal(Note, cut.Find("[data-testid=last-cycle-note]").TextContent.Trim()));
    }

    [Fact]
    public async Task OverviewTab_ListsTheEndedCyclesNewestFirst_WithTheirCountsResultsAndLogs()
    {
        var (applicationId, jobId) = await AddConfiguredApplicationAsync();
        var now = _time.GetUtcNow();
        Cycle Ended(CycleKind kind, CycleState state, int hoursAgo) =>
            new() { JobId = jobId, Kind = kind, State = state, StartedAt = now.AddHours(-hoursAgo), EndedAt = now.AddHours(-hoursAgo).AddSeconds(75) };
        var initial = Ended(CycleKind.Initial, CycleState.Succeeded, 3);
        initial.Created = 120;
        var partial = Ended(CycleKind.Incremental, CycleState.EntryLevelErrors, 2);
        (partial.Updated, partial.Failed, partial.SourceComplete) = (7, 2, false);
        var failed = Ended(CycleKind.Incremental, CycleState.Failed, 1);
        failed.Error = "The target refused the credentials (401).";
        (initial.StartedBy, partial.StartedBy, failed.StartedBy) = (nameof(CycleTrigger.SyncNow), nameof(CycleTrigger.ChangeNotification), nameof(CycleTrigger.AssignmentChange));
        await using (var db = Database.CreateContext(TenantId))
        {
            db.Cycles.AddRange(initial, partial, failed,
                // Dry runs and on-demand runs have tabs of their own; a running cycle is the progress bar's.
                Ended(CycleKind.DryRun, CycleState.Succeeded, 0), Ended(CycleKind.OnDemand, CycleState.Succeeded, 0),
                new Cycle { JobId = jobId, Kind = CycleKind.Incremental, State = CycleState.Running, StartedAt = now });
            await db.SaveChangesAsync(Ct);
        }

        var cut = Render(applicationId);

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=cycle-history-row]").Count));
        var rows = cut.FindAll("[data-testid=cycle-history-row]").Select(r => r.TextContent).ToList();
        Assert.Contains("Failed", rows[0]);
        Assert.Contains("The target refused the credentials (401).", rows[0]);
        Assert.Contains("Completed with failures", rows[1]);
        Assert.Contains("Directory read incomplete", rows[1]);
        Assert.Contains("Succeeded", rows[2]);
        // What started each: the assignment watch, a change in the directory, Sync now.
        Assert.Equal(["Incremental · assignment change", "Incremental · directory change", "Initial · Sync now"],
            cut.FindAll("[data-testid=cycle-history-row]").Select(r => r.Children[1].TextContent));
        Assert.Contains("75 s", rows[2]);
        Assert.Equal(["2 failed, 7 updated", "120 created"], cut.FindAll("[data-testid=cycle-changes]").Skip(1).Select(td => td.TextContent.Trim()));
        Assert.Equal("No change", cut.FindAll("[data-testid=cycle-changes]")[0].TextContent.Trim());
        Assert.Equal($"logs?jobId={jobId}&cycleId={partial.Id}", cut.FindAll("[data-testid=cycle-history-row]")[1].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task OverviewTab_SaysAChangeInTheDirectoryStartsACycleSooner_WhileChangeNotificationsRunForAJobThatIsOn()
    {
        var (applicationId, jobId) = await AddConfiguredApplicationAsync();
        await using (var db = Database.CreateContext(TenantId))
        {
            (await db.ProvisioningJobs.SingleAsync(j => j.Id == jobId, Ct)).Status = ProvisioningStatus.On;
            (await db.Tenants.SingleAsync(t => t.Id == TenantId, Ct)).Directory.ChangesSubscribedUntil = _time.GetUtcNow().AddDays(2);
            await db.SaveChangesAsync(Ct);
        }

        var on = Render(applicationId);
        on.WaitForAssertion(() => Assert.Contains("or within seconds of a change of a user or group in the directory", on.Find("[data-testid=next-cycle-on-change]").TextContent, StringComparison.Ordinal));

        // Once the subscription has run out, the schedule alone starts cycles.
        await using (var db = Database.CreateContext(TenantId))
        {
            (await db.Tenants.SingleAsync(t => t.Id == TenantId, Ct)).Directory.ChangesSubscribedUntil = _time.GetUtcNow().AddMinutes(-1);
            await db.SaveChangesAsync(Ct);
        }

        var lapsed = Render(applicationId);
        lapsed.WaitForAssertion(() => Assert.Contains("Next cycle", lapsed.Markup, StringComparison.Ordinal));
        Assert.Empty(lapsed.FindAll("[data-testid=next-cycle-on-change]"));
    }

    private async Task AddLogsAsync(Guid jobId, int count, bool endCycle)
    {
        await using var db = Database.CreateContext(TenantId);
        var cycleId = Guid.NewGuid();
        for (var i = 0; i < count; i++)
        {
            db.ProvisioningLogs.Add(new ProvisioningLogEntry
            {
                JobId = jobId, CycleId = cycleId, SourceId = Guid.NewGuid().ToString(), SourceDisplayName = $"User {i}",
                Action = ProvisioningAction.Create, Status = ProvisioningLogStatus.Success, IdentityType = ObjectKind.User, ActivityDateTime = _time.GetUtcNow(),
            });
        }

        if (endCycle)
        {
            var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == jobId, Ct);
            job.LastCycleEndedAt = _time.GetUtcNow();
            job.StatusCode = JobStatusCode.Quarantine;
        }

        await db.SaveChangesAsync(Ct);
    }
}
