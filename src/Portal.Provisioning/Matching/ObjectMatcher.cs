using Portal.Data.Entities;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Matching;

public enum MatchOutcome
{
    /// <summary>The linked-object store already knows the target id; the target is not asked.</summary>
    Linked,

    /// <summary>Exactly one target object has the value of a matching attribute.</summary>
    Matched,

    NoMatch,

    /// <summary>Several target objects match: an error (DuplicateTargetEntries), never a guess.</summary>
    Duplicate,

    /// <summary>No matching attribute has a value on the source object (ImportSkipped).</summary>
    NoMatchingValue,
}

/// <summary>The outcome of matching one object, with each matching attribute tried, for the log's Match step.</summary>
public sealed record MatchResult(MatchOutcome Outcome, string? TargetId, MatchingKey? MatchedOn, IReadOnlyList<string> Tried)
{
    public const string DuplicateCode = "DuplicateTargetEntries";

    /// <summary>The matching step's detail naming the accounts a duplicate match found, comma-separated.</summary>
    public const string CandidatesDetail = "MatchingTargetIds";

    /// <summary>The target ids a duplicate match found: the accounts an admin chooses among when linking one by hand.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    public string? ErrorCode => Outcome switch
    {
        MatchOutcome.Duplicate => DuplicateCode,
        MatchOutcome.NoMatchingValue => "ImportSkipped",
        _ => null,
    };
}

/// <summary>
/// Joins a source object to its target object (reference §1.6): the linked-object store first, then a target
/// look-up per matching attribute in precedence order; the first attribute that finds an object wins.
/// </summary>
public sealed class ObjectMatcher(Func<ObjectKind, string, string, CancellationToken, Task<IReadOnlyList<TargetObject>>> find)
{
    public ObjectMatcher(ITargetConnector target)
        : this(target.FindAsync)
    {
    }

    public async Task<MatchResult> MatchAsync(ObjectKind kind, string? linkedTargetId, IReadOnlyList<MatchingKey> keys, CancellationToken cancellationToken)
    {
        if (linkedTargetId is not null)
        {
            return new MatchResult(MatchOutcome.Linked, linkedTargetId, null, []);
        }

        if (keys.Count == 0)
        {
            return new MatchResult(MatchOutcome.NoMatchingValue, null, null, []);
        }

        var tried = new List<string>();
        foreach (var key in keys)
        {
            var found = await find(kind, key.Attribute, key.Value, cancellationToken);
            tried.Add($"{key.Attribute} eq \"{key.Value}\": {found.Count} match(es)");
            if (found.Count == 1)
            {
                return new MatchResult(MatchOutcome.Matched, found[0].Id, key, tried);
            }

            if (found.Count > 1)
            {
                return new MatchResult(MatchOutcome.Duplicate, null, key, tried) { Candidates = [.. found.Select(f => f.Id).Order(StringComparer.Ordinal)] };
            }
        }

        return new MatchResult(MatchOutcome.NoMatch, null, null, tried);
    }
}
