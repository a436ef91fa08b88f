using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Targets;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// The fault matrix of docs/reliability.md, one whole cycle per fault over loopback: after an initial cycle, the
/// directory changes (an update, two new users, an unassignment); the next cycle meets the fault. It must end in a
/// defined state, create nothing twice, deprovision nothing on an incomplete read, log every failure with a reason
/// and a recommendation — and the cycle after the fault is gone must converge to the expected target.
/// </summary>
public sealed class FaultMatrixCycleTests
{
    internal static readonly ScimClientOptions FastScim = new()
    {
        Time = TimeProvider.System,
        BaseBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(5),
        MaxRetryAfter = TimeSpan.FromMilliseconds(20),
        RequestTimeout = TimeSpan.FromMilliseconds(400),
        MaxRetries = 3,
        MaxResponseBytes = 64 * 1024,
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(SandboxFaultKind.TooManyRequests, null)]
    [InlineData(SandboxFaultKind.InternalServerError, null)]
    [InlineData(SandboxFaultKind.ServiceUnavailable, null)]
    [InlineData(SandboxFaultKind.Slow, "POST")]
    [InlineData(SandboxFaultKind.DropConnectionAfterProcessing, "POST")]
    [InlineData(SandboxFaultKind.DropConnectionAfterProcessing, "PATCH")]
    [InlineData(SandboxFaultKind.MalformedJson, "POST")]
    [InlineData(SandboxFaultKind.MalformedJson, "GET")]
    [InlineData(SandboxFaultKind.WrongContentType, "POST")]
    [InlineData(SandboxFaultKind.HugeBody, "GET")]
    public async Task RunCycle_EndsDefinedAndConverges_WhenTheTargetFails(SandboxFaultKind kind, string? method)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite, time: clock, scim: FastScim);
        var world = await ChangedWorld.SetUpAsync(sandbox);
        sandbox.Scim.Target.Faults.Add(new SandboxFault(kind, Count: 10_000, Method: method, DelayMilliseconds: 1_000, BodyBytes: 200_000));

        var faulty = await sandbox.RunAsync();

        await AssertDefinedAsync(sandbox, faulty);
        Assert.True(faulty.SourceComplete);
        sandbox.Scim.Target.Faults.Clear();
        // Failed objects wait in escrow for their back-off (6 h after a first failure).
        clock.Advance(TimeSpan.FromHours(7));
        var next = await sandbox.RunAsync();

        await AssertConvergedAsync(sandbox, world, next);
    }

    [Theory]
    [InlineData(GraphFaultKind.TooManyRequests)]
    [InlineData(GraphFaultKind.ServiceUnavailable)]
    [InlineData(GraphFaultKind.TruncatedPage)]
    public async Task RunCycle_DeprovisionsNothingAndConverges_WhenTheDirectoryReadFails(GraphFaultKind kind)
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite, scim: FastScim);
        var world = await ChangedWorld.SetUpAsync(sandbox);
        var watermark = (await sandbox.JobAsync()).Watermark.UsersDeltaLink;
        sandbox.Graph.Emulator.Faults.Inject(new GraphFault(kind, Count: 100, PathContains: "users/delta", RetryAfter: TimeSpan.Zero));

        var faulty = await sandbox.RunAsync();

        await AssertDefinedAsync(sandbox, faulty);
        Assert.False(faulty.SourceComplete);
        Assert.Equal(0, faulty.Disabled + faulty.Deleted);
        Assert.All(sandbox.TargetUsers().Values, u => Assert.True(EngineSandbox.Active(u)));
        Assert.Contains("incomplete", faulty.Error, StringComparison.Ordinal);
        Assert.Contains("check Microsoft Graph's service health", faulty.Error, StringComparison.Ordinal);
        Assert.Equal(watermark, (await sandbox.JobAsync()).Watermark.UsersDeltaLink);
        await using (var db = sandbox.Database.CreateContext(sandbox.TenantId))
        {
            Assert.Contains(await db.Notifications.Select(n => n.Kind).ToListAsync(Ct), k => k == "SourceReadIncomplete");
        }

        sandbox.Graph.Emulator.Faults.Clear();
        var next = await sandbox.RunAsync();

        await AssertConvergedAsync(sandbox, world, next);
    }

    [Fact]
    public async Task RunCycle_ReadsInFullAndConverges_WhenTheDeltaTokenExpired()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite, scim: FastScim);
        var world = await ChangedWorld.SetUpAsync(sandbox);
        sandbox.Directory.ExpireDeltaTokens();

        var resync = await sandbox.RunAsync();

        Assert.False(resync.IsIncremental);
        Assert.Contains("expired", resync.Error, StringComparison.Ordinal);
        Assert.True(resync.SourceComplete);
        await AssertConvergedAsync(sandbox, world, resync);
        Assert.True((await sandbox.RunAsync()).IsIncremental);
    }

    [Fact]
    public async Task RunCycle_FailsTheObjectAndDeprovisionsNothing_WhenAScopingRegexTimesOut()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite, scim: FastScim);
        var ann = sandbox.AddUser("ann", department: "aaaa");
        var bob = sandbox.AddUser("bob", department: "aaaa");
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        sandbox.Directory.Assign(EngineSandbox.Sp, bob, EngineSandbox.UserRole);
        var file = sandbox.JobFile();
        await sandbox.ConfigureAsync(file with
        {
            Mappings = new SyncJobMappings(Users: new SyncJobObjectMapping(Filters: [new SyncJobFilter("departments", [new SyncJobClause("department", "REGEX MATCH", "(a+)+$")])])),
        });
        Assert.Equal(2, (await sandbox.RunAsync()).Created);
        // A value that makes the pattern backtrack past the regex timeout: the object's scope cannot be decided.
        sandbox.Directory.UpdateUser(ann, new Dictionary<string, object?> { ["department"] = new string('a', 50_000) + "!" });

        var cycle = await sandbox.RunAsync();

        await AssertDefinedAsync(sandbox, cycle);
        Assert.Equal(1, cycle.Failed);
        Assert.Equal(0, cycle.Disabled + cycle.Deleted);
        Assert.All(sandbox.TargetUsers().Values, u => Assert.True(EngineSandbox.Active(u)));
        var failure = Assert.Single(await sandbox.LogsAsync(cycle.CycleId), l => l.Status == ProvisioningLogStatus.Failure);
        Assert.Equal("ScopingFilterError", failure.ErrorCode);
        Assert.Contains("took longer than", failure.ErrorReason, StringComparison.Ordinal);
    }

    internal static async Task AssertDefinedAsync(EngineSandbox sandbox, CycleResult result)
    {
        Assert.Equal(CycleOutcome.Completed, result.Outcome);
        await using var db = sandbox.Database.CreateContext(sandbox.TenantId);
        var cycle = await db.Cycles.AsNoTracking().SingleAsync(c => c.Id == result.CycleId, Ct);
        Assert.Equal(result.Failed > 0 ? CycleState.EntryLevelErrors : CycleState.Succeeded, cycle.State);
        Assert.NotNull(cycle.EndedAt);
        var failures = await db.ProvisioningLogs.AsNoTracking().Where(l => l.CycleId == result.CycleId && l.Status == ProvisioningLogStatus.Failure).ToListAsync(Ct);
        Assert.Equal(result.Failed, failures.Count);
        Assert.All(failures, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.ErrorCode));
            Assert.False(string.IsNullOrWhiteSpace(f.ErrorReason));
            Assert.False(string.IsNullOrWhiteSpace(f.RecommendedAction));
        });
        Assert.Equal(result.Failed, await db.EscrowEntries.CountAsync(e => e.JobId == sandbox.JobId, Ct));
        AssertNoDuplicates(sandbox);
    }

    internal static async Task AssertConvergedAsync(EngineSandbox sandbox, ChangedWorld world, CycleResult result)
    {
        Assert.Equal(CycleOutcome.Completed, result.Outcome);
        Assert.Equal(0, result.Failed);
        AssertNoDuplicates(sandbox);
        var users = sandbox.TargetUsers();
        Assert.Equal(world.Expected.Keys.Order(StringComparer.Ordinal), users.Keys.Order(StringComparer.Ordinal));
        foreach (var (userName, (active, department)) in world.Expected)
        {
            Assert.Equal(active, EngineSandbox.Active(users[userName]));
            Assert.Equal(department, EngineSandbox.Department(users[userName]));
        }

        await using var db = sandbox.Database.CreateContext(sandbox.TenantId);
        Assert.Equal(0, await db.EscrowEntries.CountAsync(e => e.JobId == sandbox.JobId, Ct));
        Assert.Equal(0, await db.Cycles.CountAsync(c => c.JobId == sandbox.JobId && c.State == CycleState.Running, Ct));
    }

    private static void AssertNoDuplicates(EngineSandbox sandbox)
    {
        var names = sandbox.Scim.Target.Users.Select(u => u["userName"]!.GetValue<string>()).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.DoesNotContain(sandbox.Scim.Target.Requests.Entries, r => r.Status == 409);
    }
}

/// <summary>
/// Four users provisioned by an initial cycle, then changed in the directory: ann moves to Legal, eve and fay are new,
/// dan is unassigned. <see cref="Expected"/>: every account the target must end with, by userName.
/// </summary>
internal sealed record ChangedWorld(IReadOnlyDictionary<string, (bool Active, string Department)> Expected)
{
    public static async Task<ChangedWorld> SetUpAsync(EngineSandbox sandbox, int newUsers = 2)
    {
        var ids = new[] { "ann", "bob", "cat", "dan" }.ToDictionary(a => a, a => sandbox.AddUser(a));
        foreach (var id in ids.Values)
        {
            sandbox.Directory.Assign(EngineSandbox.Sp, id, EngineSandbox.UserRole);
        }

        await sandbox.ConfigureAsync();
        var initial = await sandbox.RunAsync();
        Assert.Equal(4, initial.Created);

        sandbox.Directory.UpdateUser(ids["ann"], new Dictionary<string, object?> { ["department"] = "Legal" });
        sandbox.Unassign(ids["dan"]);
        var added = Enumerable.Range(0, newUsers).Select(i => i switch { 0 => "eve", 1 => "fay", _ => $"new{i:00}" }).ToList();
        foreach (var alias in added)
        {
            sandbox.Directory.Assign(EngineSandbox.Sp, sandbox.AddUser(alias), EngineSandbox.UserRole);
        }

        var expected = new Dictionary<string, (bool, string)>
        {
            ["ann@contoso.example"] = (true, "Legal"),
            ["bob@contoso.example"] = (true, "Sales"),
            ["cat@contoso.example"] = (true, "Sales"),
            ["dan@contoso.example"] = (false, "Sales"),
        };
        foreach (var alias in added)
        {
            expected[$"{alias}@contoso.example"] = (true, "Sales");
        }

        return new ChangedWorld(expected);
    }
}
