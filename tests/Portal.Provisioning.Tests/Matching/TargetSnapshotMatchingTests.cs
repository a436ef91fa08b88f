using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Matching;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Tests.Matching;

/// <summary>Matching against a listing of the target gives the answers a look-up per object would.</summary>
public sealed class TargetSnapshotMatchingTests
{
    private static TargetSnapshot Snapshot(params (string Id, string UserName, string? ExternalId)[] users)
    {
        var snapshot = new TargetSnapshot(
        [
            ("userName", StringComparer.OrdinalIgnoreCase, r => r["userName"]?.GetValue<string>()),
            ("externalId", StringComparer.Ordinal, r => r["externalId"]?.GetValue<string>()),
        ]);
        foreach (var (id, userName, externalId) in users)
        {
            snapshot.Add(Resource(id, userName, externalId));
        }

        return snapshot;
    }

    private static TargetObject Resource(string id, string userName, string? externalId) =>
        new(id, userName, true, new JsonObject { ["id"] = id, ["userName"] = userName, ["externalId"] = externalId });

    private static ObjectMatcher Matcher(TargetSnapshot snapshot) =>
        new((_, attribute, value, _) => Task.FromResult(snapshot.Find(attribute, value) ?? throw new InvalidOperationException("not covered")));

    [Fact]
    public async Task MatchAsync_FollowsPrecedenceAndCaseRules_WhenMatchingAgainstASnapshot()
    {
        var snapshot = Snapshot(("1", "Adele@Contoso.com", "adele"), ("2", "alex@contoso.com", "ALEX"));
        var matcher = Matcher(snapshot);

        var byUserName = await matcher.MatchAsync(ObjectKind.User, null,
            [new MatchingKey("userName", "adele@contoso.com"), new MatchingKey("externalId", "ALEX")], TestContext.Current.CancellationToken);
        var byExternalId = await matcher.MatchAsync(ObjectKind.User, null,
            [new MatchingKey("userName", "nobody@contoso.com"), new MatchingKey("externalId", "ALEX")], TestContext.Current.CancellationToken);
        var caseExact = await matcher.MatchAsync(ObjectKind.User, null, [new MatchingKey("externalId", "alex")], TestContext.Current.CancellationToken);

        Assert.Equal((MatchOutcome.Matched, "1", "userName"), (byUserName.Outcome, byUserName.TargetId, byUserName.MatchedOn!.Attribute));
        Assert.Equal((MatchOutcome.Matched, "2", "externalId"), (byExternalId.Outcome, byExternalId.TargetId, byExternalId.MatchedOn!.Attribute));
        Assert.Equal(MatchOutcome.NoMatch, caseExact.Outcome);
    }

    [Fact]
    public async Task MatchAsync_ReportsDuplicates_WhenSeveralListedObjectsMatch()
    {
        var snapshot = Snapshot(("1", "a@contoso.com", "same"), ("2", "b@contoso.com", "same"));

        var result = await Matcher(snapshot).MatchAsync(ObjectKind.User, null, [new MatchingKey("externalId", "same")], TestContext.Current.CancellationToken);

        Assert.Equal(MatchOutcome.Duplicate, result.Outcome);
        Assert.Equal("DuplicateTargetEntries", result.ErrorCode);
    }

    [Fact]
    public void Find_SeesObjectsAddedAfterTheListing_AndLeavesUncoveredAttributesToTheTarget()
    {
        var snapshot = Snapshot(("1", "a@contoso.com", null));

        snapshot.Add(Resource("9", "new@contoso.com", "new"));

        Assert.Equal(["9"], snapshot.Find("userName", "NEW@contoso.com")!.Select(o => o.Id));
        Assert.Empty(snapshot.Find("externalId", "missing")!);
        Assert.Null(snapshot.Find("displayName", "anything"));
        Assert.Equal(2, snapshot.Count);
    }
}
