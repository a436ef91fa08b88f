using Microsoft.Extensions.Time.Testing;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Cycles;

/// <summary>A target answering a create with something the client cannot read fails that object only.</summary>
public sealed class MalformedTargetAnswerCycleTests
{
    [Theory]
    [InlineData(SandboxFaultKind.MissingId, "has no id")]
    [InlineData(SandboxFaultKind.LongId, "id is 300 characters long")]
    [InlineData(SandboxFaultKind.MalformedJson, "not valid JSON")]
    [InlineData(SandboxFaultKind.WrongShape, "no SCIM resource")]
    public async Task Cycle_FailsOnlyThatObject_AndKeepsTheLinkStoreClean_WhenACreateAnswerIsMalformed(SandboxFaultKind kind, string expected)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite, time: clock);
        var ann = sandbox.AddUser("ann");
        var bob = sandbox.AddUser("bob");
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        sandbox.Directory.Assign(EngineSandbox.Sp, bob, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        sandbox.Scim.Target.Faults.Add(new SandboxFault(kind, Method: "POST"));

        var cycle = await sandbox.RunAsync();

        Assert.Equal((CycleOutcome.Completed, 1, 1), (cycle.Outcome, cycle.Created, cycle.Failed));
        var failure = Assert.Single(await sandbox.LogsAsync(cycle.CycleId), l => l.Status == ProvisioningLogStatus.Failure);
        Assert.Equal("SystemForCrossDomainIdentityManagementServiceIncompatible", failure.ErrorCode);
        Assert.Contains(expected, failure.ErrorReason, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(failure.RecommendedAction));
        var links = (await sandbox.LinksAsync()).Where(l => l.Kind == ObjectKind.User).ToList();
        var linked = Assert.Single(links, l => l.TargetId is not null);
        Assert.NotEqual(failure.SourceId, linked.SourceId);
        Assert.Contains(sandbox.Scim.Target.Users, u => u["id"]!.GetValue<string>() == linked.TargetId);

        // The target did create the failed user: a later attempt matches it instead of creating a second one.
        clock.Advance(TimeSpan.FromHours(6));
        var retry = await sandbox.RunAsync();
        Assert.Equal((0, 0, 1), (retry.Failed, retry.Created, retry.Updated));
        Assert.Equal(2, (await sandbox.LinksAsync()).Count(l => l is { Kind: ObjectKind.User, TargetId: not null }));
        Assert.Equal(2, sandbox.Scim.Target.Users.Count);
    }
}
