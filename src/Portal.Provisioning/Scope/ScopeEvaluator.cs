using Portal.Data.Entities;
using Portal.Provisioning.Source;

namespace Portal.Provisioning.Scope;

/// <summary>
/// Decides scope for one source object: assignment with a valid role (or sync all), active, scoping filters. An object
/// <paramref name="released"/> from the job (by source id) is left alone before anything else, as an input filter leaves it.
/// </summary>
public sealed class ScopeEvaluator(ProvisioningScope scope, Entitlements entitlements, IReadOnlyList<ScopingFilter> filters,
    IReadOnlyDictionary<string, ReleasedObject>? released = null)
{
    private readonly ScopingFilter[] _scoping = [.. filters.Where(f => f.Kind == ScopingFilterKind.Scoping)];
    private readonly ScopingFilter[] _input = [.. filters.Where(f => f.Kind == ScopingFilterKind.InputFilter)];

    /// <remarks>groupIds: Source ids of the groups the object is a member of (for membership clauses).</remarks>
    public ScopeDecision Evaluate(SourceObject source, IReadOnlySet<string> groupIds)
    {
        var syncAll = scope == ProvisioningScope.All;
        var entitled = source.Kind == ObjectKind.User ? entitlements.IsUserEntitled(source.Id) : entitlements.IsGroupEntitled(source.Id);
        var active = source.Change == SourceChange.Present && source.AccountEnabled;
        var details = new Dictionary<string, string>
        {
            ["IsActive"] = Bool(active),
            ["Assigned"] = Bool(entitled || entitlements.IsAssignedWithoutValidRole(source.Id)),
            ["ScopeSyncAll"] = Bool(syncAll),
            ["IsEffectivelyEntitledForProvisioning"] = Bool(syncAll || entitled),
        };

        if (released?.GetValueOrDefault(source.Id) is { } release)
        {
            details["Released"] = "True";
            return new ScopeDecision(false, true, $"No longer managed: {release.ReleasedBy ?? "a tenant admin"} stopped managing it on "
                + $"{release.ReleasedAt.UtcDateTime:yyyy-MM-dd}; it is neither provisioned nor deprovisioned.", details, Released: true);
        }

        if (_input.Length > 0 && !ScopingFilterEvaluator.Passes(_input, source.Attributes, groupIds))
        {
            details["InputFilter"] = "False";
            return new ScopeDecision(false, true, "Filtered out by an input filter; never deprovisioned.", details);
        }

        if (source.Change == SourceChange.SoftDeleted)
        {
            return Out("Soft-deleted in the source directory.", details);
        }

        if (!syncAll && !entitled)
        {
            return Out(entitlements.IsAssignedWithoutValidRole(source.Id)
                ? "Assigned without a role that provisions (Default Access or a role the application does not require): not effectively entitled."
                : "Not assigned to the application.", details);
        }

        if (!active)
        {
            return Out("Disabled in the source directory (accountEnabled is false).", details);
        }

        var passes = ScopingFilterEvaluator.Passes(_scoping, source.Attributes, groupIds);
        details["ScopeEvaluationResult"] = Bool(passes);
        return passes
            ? new ScopeDecision(true, false, "In scope.", details)
            : Out("Does not satisfy any scoping filter.", details);
    }

    private static ScopeDecision Out(string reason, Dictionary<string, string> details) => new(false, false, reason, details);

    private static string Bool(bool value) => value ? "True" : "False";
}
