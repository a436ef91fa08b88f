using System.Text.Json;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// An account deleted in the strict sandbox target behind the portal's back, then changed in the directory: the
/// dialect's 404-on-update policy decides whether the next cycle creates it again or fails it.
/// </summary>
public sealed class UpdateNotFoundCycleTests
{
    [Fact]
    public async Task Cycle_RecreatesWithAllAttributesAndRelinks_WhenPolicyIsRecreate()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var ann = await ProvisionAndDeleteBehindThePortalAsync(sandbox, """{"onUpdateNotFound": "Recreate"}""");
        var oldId = Assert.Single(await sandbox.LinksAsync(), l => l.Kind == ObjectKind.User).TargetId;

        sandbox.Directory.UpdateUser(ann, new Dictionary<string, object?> { ["department"] = "Research" });
        var cycle = await sandbox.RunAsync();

        Assert.Equal((1, 0, 0), (cycle.Created, cycle.Updated, cycle.Failed));
        var user = Assert.Single(sandbox.Scim.Target.Users);
        var newId = user["id"]!.GetValue<string>();
        Assert.NotEqual(oldId, newId);
        Assert.Equal("ann@contoso.example", user["userName"]!.GetValue<string>());
        Assert.Equal("ann", user["name"]!["givenName"]!.GetValue<string>());
        Assert.Equal("Tester", user["name"]!["familyName"]!.GetValue<string>());
        Assert.Equal("ann@contoso.example", user["emails"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("Research", EngineSandbox.Department(user));
        Assert.True(EngineSandbox.Active(user));

        var link = Assert.Single(await sandbox.LinksAsync(), l => l.Kind == ObjectKind.User);
        Assert.Equal((newId, LinkState.Active), (link.TargetId, link.State));
        var log = Assert.Single(await sandbox.LogsAsync(cycle.CycleId), l => l.SourceId == ann);
        Assert.Equal((ProvisioningAction.Create, ProvisioningLogStatus.Success, newId), (log.Action, log.Status, log.TargetId));
        var steps = JsonSerializer.Deserialize<List<ProvisioningStep>>(log.StepsJson!)!;
        Assert.Contains(steps, s => s is { Name: "EntryExportUpdate", Status: "Failure" } && s.Description.Contains("HTTP 404", StringComparison.Ordinal));
        Assert.Contains(steps, s => s is { Name: "EntryExportAdd", Status: "Success" } && s.Description.Contains($"from {oldId} to {newId}", StringComparison.Ordinal));

        var quiet = await sandbox.RunAsync();
        Assert.Equal((0, 0, 0), (quiet.Created, quiet.Updated, quiet.Failed));
        Assert.Single(sandbox.Scim.Target.Users);
    }

    [Fact]
    public async Task Cycle_FailsWithInvalidAnchorAndKeepsTheLink_WhenPolicyIsFail()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var ann = await ProvisionAndDeleteBehindThePortalAsync(sandbox, profileJson: null);
        var before = Assert.Single(await sandbox.LinksAsync(), l => l.Kind == ObjectKind.User);

        sandbox.Directory.UpdateUser(ann, new Dictionary<string, object?> { ["department"] = "Research" });
        var cycle = await sandbox.RunAsync();

        Assert.Equal((0, 1), (cycle.Created, cycle.Failed));
        Assert.Empty(sandbox.Scim.Target.Users);
        var log = Assert.Single(await sandbox.LogsAsync(cycle.CycleId), l => l.SourceId == ann);
        Assert.Equal((ProvisioningAction.Update, ProvisioningLogStatus.Failure, "InvalidAnchor"), (log.Action, log.Status, log.ErrorCode));
        Assert.Contains("no longer exists in the target", log.ErrorReason, StringComparison.Ordinal);
        Assert.Contains("onUpdateNotFound", log.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(before.TargetId, Assert.Single(await sandbox.LinksAsync(), l => l.Kind == ObjectKind.User).TargetId);
    }

    /// <summary>Provisions one user, then deletes the account in the target directly over its SCIM API.</summary>
    private static async Task<string> ProvisionAndDeleteBehindThePortalAsync(EngineSandbox sandbox, string? profileJson)
    {
        var ann = sandbox.AddUser("ann", department: "Sales");
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        var file = sandbox.JobFile();
        await sandbox.ConfigureAsync(file with
        {
            Target = file.Target with { Profile = profileJson is null ? null : JsonDocument.Parse(profileJson).RootElement },
        });
        Assert.Equal(1, (await sandbox.RunAsync()).Created);

        var id = Assert.Single(sandbox.Scim.Target.Users)["id"]!.GetValue<string>();
        await sandbox.SendToTargetAsync(HttpMethod.Delete, $"Users/{id}");
        Assert.Empty(sandbox.Scim.Target.Users);
        return ann;
    }
}
