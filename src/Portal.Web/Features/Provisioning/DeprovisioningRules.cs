using Portal.Data.Entities;
using Portal.Provisioning.Targets.Scim;

namespace Portal.Web.Features.Provisioning;

/// <summary>The parts of a job, beyond the Provisioning tab's own fields, that decide what leaving does in the target.</summary>
public sealed record DeprovisioningFacts(
    DisableMethod Disable,
    UpdateNotFoundPolicy OnUpdateNotFound,
    bool UsersProvisioned,
    bool UserDeleteAllowed,
    bool GroupsProvisioned,
    bool GroupDeleteAllowed)
{
    /// <summary>The facts of a job as stored; an unreadable dialect profile reads as the RFC's (its cycles fail anyway).</summary>
    public static DeprovisioningFacts Of(TargetConnection target, IReadOnlyCollection<ObjectMapping> mappings)
    {
        DialectProfile dialect;
        try
        {
            dialect = DialectPresets.Resolve(target.DialectPreset, target.DialectProfileJson);
        }
        catch (Portal.Provisioning.Targets.TargetException)
        {
            dialect = DialectPresets.RfcStrict;
        }

        var users = mappings.FirstOrDefault(m => m.SourceObject == ObjectKind.User && m.Enabled);
        var groups = mappings.FirstOrDefault(m => m.SourceObject == ObjectKind.Group && m.Enabled);
        return new DeprovisioningFacts(dialect.Disable, dialect.OnUpdateNotFound,
            users is not null, users?.AllowDelete == true, groups is not null, groups?.AllowDelete == true);
    }
}

/// <summary>One event in the directory and what the job then does in the target.</summary>
public sealed record DeprovisioningRule(string When, string Then);

/// <summary>
/// "What happens when someone leaves", worked out from the job's settings as the admin edits them: disable or delete,
/// skipped out-of-scope deletions, target object actions, the deletion threshold. Entra leaves this to its documentation,
/// and "unassigned but nothing happened in the app" is among its most common questions.
/// </summary>
/// <remarks>Follows <c>ChangePlanner</c>, <c>ScopeEvaluator</c> and <c>DeletionThreshold</c>; their tests hold the behaviour.</remarks>
public static class DeprovisioningRules
{
    public static IReadOnlyList<DeprovisioningRule> For(DeprovisioningFacts facts, bool skipOutOfScopeDeletions, int? deletionThreshold)
    {
        var rules = new List<DeprovisioningRule>();
        if (facts.UsersProvisioned)
        {
            var leaves = skipOutOfScopeDeletions
                ? "Nothing: out-of-scope deletions are skipped, so the account stays as it is and is no longer updated."
                : $"The account is {Disabled(facts.Disable)}.";
            rules.Add(new("A user is unassigned, loses the role the application requires, or no longer matches a scoping filter", leaves));
            rules.Add(new("A user is disabled (sign-in blocked) or deleted in Entra (kept in the recycle bin for 30 days)", leaves));
            rules.Add(new("A user is permanently deleted in Entra", facts.UserDeleteAllowed
                ? "The account is deleted (DELETE)."
                : "Nothing: the user mapping's Delete target object action is off."));
            rules.Add(new("A user comes back: assigned again, enabled or restored", skipOutOfScopeDeletions
                ? "The account is updated with the directory's current values."
                : Returns(facts)));
        }

        if (facts.GroupsProvisioned)
        {
            rules.Add(new("A group is unassigned or no longer matches a scoping filter", skipOutOfScopeDeletions
                ? "Nothing: out-of-scope deletions are skipped."
                : facts.GroupDeleteAllowed ? "The group is deleted (DELETE): SCIM groups cannot be suspended."
                : "Nothing: the group mapping's Delete target object action is off."));
            rules.Add(new("A member is removed from a provisioned group", "They are removed from the group's members at the next cycle."));
        }

        if (deletionThreshold is { } threshold)
        {
            rules.Add(new($"More than {threshold} disables and deletes are due in one cycle",
                "They are all held and the job stops in quarantine until an admin allows them on the Overview tab, or fixes the assignments or scope and restarts; that cycle's creates and updates are still exported."));
        }

        rules.Add(new("Microsoft Graph answers only part of the directory in a cycle",
            "No account is disabled or deleted in that cycle: someone missing from a failed page has not left."));
        return rules;
    }

    private static string Disabled(DisableMethod method) => method switch
    {
        DisableMethod.PatchActive => "suspended (PATCH active=false): it keeps its history and comes back when the user does",
        DisableMethod.PutResource => "suspended (sent back whole with active=false): it keeps its history and comes back when the user does",
        _ => "deleted (DELETE): this target's dialect has no suspended state",
    };

    private static string Returns(DeprovisioningFacts facts) => facts.Disable != DisableMethod.Delete
        ? "The account is enabled again (active=true) with the directory's current values."
        : facts.OnUpdateNotFound == UpdateNotFoundPolicy.Recreate
            ? "The account, deleted when they left, is created again."
            : "The account was deleted when they left and the dialect's 404-on-update policy is Fail: the update fails until the job is restarted with its state cleared.";
}
