using Hangfire;
using Hangfire.Server;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Testing;
using Portal.Web.Jobs;

namespace Portal.Web.Tests.Jobs;

public sealed class ProvisioningSchedulerTests
{
    [Fact]
    public async Task RecurringJob_FollowsStatusAndInterval_OfTheProvisioningJob()
    {
        await using var database = TestDatabase.CreateSqlite();
        await database.MigrateAsync();
        var (tenantId, jobId) = await SeedJobAsync(database, ProvisioningStatus.On);
        using var host = await StartHostAsync(database);
        var scheduler = host.Services.GetRequiredService<ProvisioningScheduler>();
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal("*/20 * * * *", Recurring(host, jobId)?.Cron);

        await UpdateJobAsync(database, tenantId, jobId, j => j.Interval = TimeSpan.FromHours(6));
        await scheduler.ApplyAsync(tenantId, jobId, ct);
        Assert.Equal("0 */6 * * *", Recurring(host, jobId)?.Cron);

        await UpdateJobAsync(database, tenantId, jobId, j => j.Status = ProvisioningStatus.Off);
        await scheduler.ApplyAsync(tenantId, jobId, ct);
        Assert.Null(Recurring(host, jobId));
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task Restart_RebuildsTheScheduleFromTheDatabase_WithFreshInMemoryStorage()
    {
        await using var database = TestDatabase.CreateSqlite();
        await database.MigrateAsync();
        var (_, onJob) = await SeedJobAsync(database, ProvisioningStatus.On);
        var (_, offJob) = await SeedJobAsync(database, ProvisioningStatus.Off);
        var ct = TestContext.Current.CancellationToken;

        using (var first = await StartHostAsync(database))
        {
            Assert.NotNull(Recurring(first, onJob));
            await first.StopAsync(ct);
        }

        using var second = await StartHostAsync(database);
        Assert.NotNull(Recurring(second, onJob));
        Assert.Null(Recurring(second, offJob));
        await second.StopAsync(ct);
    }

    [Fact]
    public async Task NextCycles_AreTheSchedulesOwnNextRuns_AndThereIsNoneForAJobThatIsOff()
    {
        await using var database = TestDatabase.CreateSqlite();
        await database.MigrateAsync();
        var (_, onJob) = await SeedJobAsync(database, ProvisioningStatus.On);
        var (_, offJob) = await SeedJobAsync(database, ProvisioningStatus.Off);
        var before = DateTimeOffset.UtcNow;
        using var host = await StartHostAsync(database);

        var next = host.Services.GetRequiredService<ProvisioningScheduler>().NextCycles([onJob, offJob]);

        var at = Assert.Single(next, n => n.Key == onJob).Value;
        Assert.False(next.ContainsKey(offJob));
        Assert.Equal(Recurring(host, onJob)!.NextExecution, at.UtcDateTime);
        Assert.InRange(at, before, before.AddMinutes(20).AddSeconds(5));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task TriggerNow_CoalescesASecondTrigger_WhileTheFirstIsQueued()
    {
        await using var database = TestDatabase.CreateSqlite();
        await database.MigrateAsync();
        var (tenantId, jobId) = await SeedJobAsync(database, ProvisioningStatus.On);
        using var host = await StartHostAsync(database);
        var scheduler = host.Services.GetRequiredService<ProvisioningScheduler>();

        Assert.True(scheduler.TriggerNow(tenantId, jobId));
        Assert.False(scheduler.TriggerNow(tenantId, jobId));
        Assert.Equal(1, host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedCount("default"));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task NodeStart_RegistersTheAssignmentWatch_EveryFiveMinutesByDefault()
    {
        await using var database = TestDatabase.CreateSqlite();
        await database.MigrateAsync();
        using var host = await StartHostAsync(database);
        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();

        var watch = Assert.Single(connection.GetRecurringJobs(), r => r.Id == AssignmentWatchJob.RecurringId);
        Assert.Equal("*/5 * * * *", watch.Cron);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task TriggerForAssignments_QueuesOneCyclePerChange_NotOneAtEveryCheck()
    {
        await using var database = TestDatabase.CreateSqlite();
        await database.MigrateAsync();
        var (tenantId, jobId) = await SeedJobAsync(database, ProvisioningStatus.On);
        using var host = await StartHostAsync(database);
        var scheduler = host.Services.GetRequiredService<ProvisioningScheduler>();
        var monitoring = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();

        Assert.True(scheduler.TriggerForAssignments(tenantId, jobId, "digest-a"));
        var queued = Assert.Single(monitoring.EnqueuedJobs("default", 0, 10));
        Assert.Equal(CycleTrigger.AssignmentChange, (CycleTrigger)queued.Value.Job.Args[2]);

        // That cycle ran and could not commit the change (its read was cut short, say): the same change is not queued again.
        host.Services.GetRequiredService<IBackgroundJobClient>().Delete(queued.Key);
        Assert.False(scheduler.TriggerForAssignments(tenantId, jobId, "digest-a"));
        Assert.True(scheduler.TriggerForAssignments(tenantId, jobId, "digest-b"));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task TriggerNow_IsNotHeldBack_ByACycleLeftProcessingOnANodeThatStopped()
    {
        await using var node = await LiveNode.StartAsync();
        var (tenantId, jobId, scheduler, storage, connection) = (node.TenantId, node.JobId, node.Scheduler, node.Storage, node.Connection);

        // A live node picked the cycle up: a second trigger is coalesced.
        Assert.True(scheduler.TriggerNow(tenantId, jobId));
        SetProcessing(connection, EnqueuedJobId(storage), "node-alive");
        Assert.False(scheduler.TriggerNow(tenantId, jobId));

        // That node stopped mid-cycle (no heartbeat, never removed): the job stays Processing, yet Sync now runs again.
        var stuck = ProcessingJobId(storage);
        SetProcessing(connection, stuck, "node-that-died");
        Assert.True(scheduler.TriggerNow(tenantId, jobId));
        Assert.Equal("Processing", connection.GetStateData(stuck)!.Name);
    }

    [Fact]
    public async Task AChangeNotifiedOrSyncNowWhileACycleRuns_GetsOneCycleOfItsOwn_WhenThatOneEnds()
    {
        await using var node = await LiveNode.StartAsync();
        var (tenantId, jobId, scheduler, storage, connection) = (node.TenantId, node.JobId, node.Scheduler, node.Storage, node.Connection);
        Assert.True(scheduler.TriggerNow(tenantId, jobId, CycleTrigger.ChangeNotification));
        Assert.False(scheduler.TriggerNow(tenantId, jobId, CycleTrigger.ChangeNotification));

        // Queued, not yet running: a second trigger is taken into it, which has not read the directory yet.
        Assert.False(scheduler.RunAgainIfAsked(tenantId, jobId));

        // Running: a change notified meanwhile may have come after its directory read: one more cycle when it ends, once.
        SetProcessing(connection, EnqueuedJobId(storage), "node-alive");
        Assert.False(scheduler.TriggerNow(tenantId, jobId, CycleTrigger.ChangeNotification));
        Assert.False(scheduler.TriggerNow(tenantId, jobId, CycleTrigger.ChangeNotification));
        Assert.True(scheduler.RunAgainIfAsked(tenantId, jobId));
        Assert.False(scheduler.RunAgainIfAsked(tenantId, jobId));
        Assert.Equal(CycleTrigger.ChangeNotification, Owed(storage));

        // So may an admin's edit before Sync now; its cycle wins over a notification's (it runs whatever the quarantine).
        scheduler.AskAgain(jobId, CycleTrigger.SyncNow);
        scheduler.AskAgain(jobId, CycleTrigger.ChangeNotification);
        Assert.True(scheduler.RunAgainIfAsked(tenantId, jobId));
        Assert.Equal(CycleTrigger.SyncNow, Owed(storage));

        // The schedule comes again by itself: nothing is owed to it.
        scheduler.AskAgain(jobId, CycleTrigger.Schedule);
        Assert.False(scheduler.RunAgainIfAsked(tenantId, jobId));
    }

    // One node with a job On, announced as a live Hangfire server (no worker runs: the tests move jobs between states).
    private sealed class LiveNode : IAsyncDisposable
    {
        private readonly TestDatabase _database;
        private readonly IHost _host;

        private LiveNode(TestDatabase database, IHost host, Guid tenantId, Guid jobId)
        {
            (_database, _host, TenantId, JobId) = (database, host, tenantId, jobId);
            Scheduler = host.Services.GetRequiredService<ProvisioningScheduler>();
            Storage = host.Services.GetRequiredService<JobStorage>();
            Connection = Storage.GetConnection();
            Connection.AnnounceServer("node-alive", new ServerContext { Queues = ["default"], WorkerCount = 1 });
        }

        public Guid TenantId { get; }
        public Guid JobId { get; }
        public ProvisioningScheduler Scheduler { get; }
        public JobStorage Storage { get; }
        public IStorageConnection Connection { get; }

        public static async Task<LiveNode> StartAsync()
        {
            var database = TestDatabase.CreateSqlite();
            await database.MigrateAsync();
            var (tenantId, jobId) = await SeedJobAsync(database, ProvisioningStatus.On);
            return new LiveNode(database, await StartHostAsync(database), tenantId, jobId);
        }

        public async ValueTask DisposeAsync()
        {
            Connection.Dispose();
            await _host.StopAsync(TestContext.Current.CancellationToken);
            _host.Dispose();
            await _database.DisposeAsync();
        }
    }

    // The trigger of the newest cycle queued for the job.
    private static CycleTrigger Owed(JobStorage storage) =>
        (CycleTrigger)storage.GetMonitoringApi().EnqueuedJobs("default", 0, 10).Where(j => j.Value.InEnqueuedState).Last().Value.Job.Args[2];

    private static string EnqueuedJobId(JobStorage storage) => storage.GetMonitoringApi().EnqueuedJobs("default", 0, 10).Single().Key;

    private static string ProcessingJobId(JobStorage storage) => storage.GetMonitoringApi().ProcessingJobs(0, 10).Single().Key;

    private static void SetProcessing(IStorageConnection connection, string backgroundJobId, string serverId)
    {
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetJobState(backgroundJobId, new ProcessingOn(serverId));
        transaction.Commit();
    }

    // What a worker records when it takes a job (Hangfire's ProcessingState cannot be built outside a worker).
    private sealed class ProcessingOn(string serverId) : Hangfire.States.IState
    {
        public string Name => "Processing";
        public string Reason => "Taken by a worker";
        public bool IsFinal => false;
        public bool IgnoreJobLoadException => false;

        public Dictionary<string, string> SerializeData() => new()
        {
            ["StartedAt"] = Hangfire.Common.JobHelper.SerializeDateTime(DateTime.UtcNow),
            ["ServerId"] = serverId,
            ["WorkerId"] = "worker-1",
        };
    }

    [Theory]
    [InlineData(5, "*/5 * * * *")]
    [InlineData(20, "*/20 * * * *")]
    [InlineData(40, "*/30 * * * *")]
    [InlineData(90, "0 */1 * * *")]
    [InlineData(1440, "0 0 * * *")]
    [InlineData(1, "*/5 * * * *")]
    public void CronFor_NeverSyncsLessOftenThanAsked(int minutes, string expected) =>
        Assert.Equal(expected, ScheduleIntervals.CronFor(TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void CronFor_QuarantinedJob_IsCheckedHourly() =>
        Assert.Equal(ScheduleIntervals.QuarantineCron, ScheduleIntervals.CronFor(new ProvisioningJob { Quarantine = { Reason = QuarantineReason.TooManyDeletes } }));

    // No Hangfire server: the test looks at the schedule, it does not run cycles.
    private static async Task<IHost> StartHostAsync(TestDatabase database)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddPortalData(database.Settings);
        builder.Services.AddIsolatedHangfire();
        builder.AddPortalJobs();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static RecurringJobDto? Recurring(IHost host, Guid jobId)
    {
        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().SingleOrDefault(r => r.Id == ProvisioningScheduler.RecurringId(jobId));
    }

    private static async Task<(Guid TenantId, Guid JobId)> SeedJobAsync(TestDatabase database, ProvisioningStatus status)
    {
        var tenantId = Guid.NewGuid();
        await using var db = database.CreateContext(tenantId);
        db.Tenants.Add(new Tenant { Id = tenantId, DirectoryId = tenantId.ToString(), DisplayName = "Contoso" });
        var app = new Application { DisplayName = "GoTo Meeting", TemplateId = "goto-meeting" };
        app.ProvisioningJob = new ProvisioningJob { Mode = ProvisioningMode.Automatic, Status = status };
        db.Applications.Add(app);
        await db.SaveChangesAsync();
        return (tenantId, app.ProvisioningJob.Id);
    }

    private static async Task UpdateJobAsync(TestDatabase database, Guid tenantId, Guid jobId, Action<ProvisioningJob> change)
    {
        await using var db = database.CreateContext(tenantId);
        change(db.ProvisioningJobs.Single(j => j.Id == jobId));
        await db.SaveChangesAsync();
    }
}
