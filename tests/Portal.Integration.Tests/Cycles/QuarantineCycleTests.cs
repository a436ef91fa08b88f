using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Integration.Tests.Cycles;

public sealed class QuarantineCycleTests
{
    [Fact]
    public async Task RunCycle_QuarantinesOnRefusedCredentials_AndLeavesQuarantineAfterTheFix()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var ann = sandbox.AddUser("ann");
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        var file = sandbox.JobFile();
        await sandbox.ConfigureAsync(file with { Target = file.Target with { Secret = "wrong-token" } });

        var refused = await sandbox.RunAsync();

        Assert.Equal(CycleOutcome.Aborted, refused.Outcome);
        Assert.Equal(QuarantineReason.EncounteredQuarantineException, refused.Quarantine);
        Assert.Contains("Unauthorized", refused.Error, StringComparison.Ordinal);
        var job = await sandbox.JobAsync();
        Assert.Equal(JobStatusCode.Quarantine, job.StatusCode);
        Assert.NotNull(job.Quarantine.NextAttempt);
        Assert.Null(job.Watermark.UsersDeltaLink);
        var notDue = await sandbox.Engine.RunCycleAsync(sandbox.TenantId, sandbox.JobId, CycleOptions.Scheduled, TestContext.Current.CancellationToken);
        Assert.Equal(CycleOutcome.NotDue, notDue.Outcome);

        await sandbox.ConfigureAsync(file);
        var fixedCycle = await sandbox.RunAsync();

        Assert.Equal(CycleOutcome.Completed, fixedCycle.Outcome);
        Assert.Equal(1, fixedCycle.Created);
        Assert.Equal(QuarantineReason.None, fixedCycle.Quarantine);
        job = await sandbox.JobAsync();
        Assert.Equal(JobStatusCode.Active, job.StatusCode);
        Assert.Equal(QuarantineReason.None, job.Quarantine.Reason);
    }

    [Fact]
    public async Task ProvisionOnDemand_ProvisionsAGroupWithItsMembers()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var ann = sandbox.AddUser("ann");
        var bob = sandbox.AddUser("bob");
        var team = sandbox.Directory.AddGroup(new Dictionary<string, object?> { ["displayName"] = "Team", ["securityEnabled"] = true });
        sandbox.Directory.AddMember(team, ann);
        sandbox.Directory.AddMember(team, bob);
        sandbox.Directory.Assign(EngineSandbox.Sp, team, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();

        var result = await sandbox.Engine.ProvisionOnDemandAsync(sandbox.TenantId, sandbox.JobId, ObjectKind.Group, team, null, TestContext.Current.CancellationToken);

        Assert.Equal("Success", result.Result);
        Assert.Equal(2, result.Objects.Count(o => o.Kind == ObjectKind.User && o.Action == ProvisioningAction.Create));
        Assert.Contains(result.Objects, o => o.Kind == ObjectKind.Group && o.Action == ProvisioningAction.Create);
        Assert.Contains(result.Objects, o => o.Kind == ObjectKind.Group && o.ModifiedProperties.Any(m => m.DisplayName == "members"));
        Assert.Equal(2, Assert.Single(sandbox.Scim.Target.Groups)["members"]!.AsArray().Count);
        Assert.Null((await sandbox.JobAsync()).Watermark.UsersDeltaLink);
    }
}
