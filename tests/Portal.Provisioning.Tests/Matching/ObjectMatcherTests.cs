using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Matching;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Tests.Matching;

public sealed class ObjectMatcherTests
{
    private static readonly List<(string Attribute, string Value, string Id)> Target =
    [
        ("userName", "ann@contoso.com", "t-ann"),
        ("emails", "shared@contoso.com", "t-1"),
        ("emails", "shared@contoso.com", "t-2"),
        ("externalId", "ann", "t-ann-old"),
    ];

    private readonly List<string> _asked = [];

    [Fact]
    public async Task MatchAsync_UsesTheLinkedObjectStoreFirst_WithoutAskingTheTarget()
    {
        var result = await Matcher().MatchAsync(ObjectKind.User, "t-linked", [new("userName", "ann@contoso.com")], TestContext.Current.CancellationToken);

        Assert.Equal(MatchOutcome.Linked, result.Outcome);
        Assert.Equal("t-linked", result.TargetId);
        Assert.Empty(_asked);
    }

    [Fact]
    public async Task MatchAsync_StopsAtTheFirstAttributeThatMatches_InPrecedenceOrder()
    {
        var keys = new MatchingKey[] { new("objectId", "none"), new("userName", "ann@contoso.com"), new("externalId", "ann") };

        var result = await Matcher().MatchAsync(ObjectKind.User, null, keys, TestContext.Current.CancellationToken);

        Assert.Equal(MatchOutcome.Matched, result.Outcome);
        Assert.Equal("t-ann", result.TargetId);
        Assert.Equal(["objectId", "userName"], _asked);
    }

    [Fact]
    public async Task MatchAsync_ReportsDuplicateTargetEntries_WhenSeveralObjectsMatch()
    {
        var result = await Matcher().MatchAsync(ObjectKind.User, null, [new("emails", "shared@contoso.com"), new("userName", "ann@contoso.com")], TestContext.Current.CancellationToken);

        Assert.Equal(MatchOutcome.Duplicate, result.Outcome);
        Assert.Null(result.TargetId);
        Assert.Equal("DuplicateTargetEntries", result.ErrorCode);
        Assert.Equal(["emails"], _asked);
    }

    [Fact]
    public async Task MatchAsync_ReportsImportSkipped_WhenNoMatchingValueExists()
    {
        var result = await Matcher().MatchAsync(ObjectKind.User, null, [], TestContext.Current.CancellationToken);

        Assert.Equal("ImportSkipped", result.ErrorCode);
    }

    [Fact]
    public async Task MatchAsync_ReportsNoMatch_WhenNoAttributeFindsAnything()
    {
        var result = await Matcher().MatchAsync(ObjectKind.User, null, [new("userName", "bob@contoso.com")], TestContext.Current.CancellationToken);

        Assert.Equal(MatchOutcome.NoMatch, result.Outcome);
    }

    private ObjectMatcher Matcher() => new((kind, attribute, value, _) =>
    {
        _asked.Add(attribute);
        IReadOnlyList<TargetObject> found = [.. Target.Where(t => t.Attribute == attribute && t.Value == value).Select(t => new TargetObject(t.Id, null, true, new JsonObject()))];
        return Task.FromResult(found);
    });
}
