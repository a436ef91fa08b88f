using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Web.Features.Provisioning;

/// <summary>Provision on demand's result as the panel shows it: the chosen object's steps, then each member's outcome.</summary>
internal static class OnDemandOutcomes
{
    /// <remarks><paramref name="ownLine"/>: the object's own line too, beside its members' lines.</remarks>
    public static OnDemandOutcome From(OnDemandResult result, ObjectKind kind, string sourceId, bool preview = false, bool ownLine = false)
    {
        // A group can have two entries: its create (or update) and the membership update that follows its members' exports.
        // Shown as one object, the membership last, as the steps happened.
        var entries = result.Objects.Where(o => o.Kind == kind && o.SourceId == sourceId)
            .OrderBy(o => IsMembershipUpdate(o) ? 1 : 0).ToList();
        if (entries.Count == 0 && result.Objects.FirstOrDefault() is { } only)
        {
            entries.Add(only);
        }

        if (entries.Count == 0)
        {
            // The engine found nothing to import: say which id, so a mistyped one is seen at once.
            return new OnDemandOutcome(false, $"No {kind.ToString().ToLowerInvariant()} with object id '{sourceId}' was found in the directory.", null, [], []);
        }

        var focus = entries.FirstOrDefault(o => o.ErrorCode is not null) ?? entries[0];
        // A preview's result is no success or failure yet: its action words say what would be done.
        var message = focus.ErrorCode is { } code ? $"{code} — {focus.Reason} {focus.RecommendedAction}" : focus.Reason;
        return new OnDemandOutcome(result.Result != "Failure", (preview ? message : $"{result.Result}: {message}").Trim(), ActionWords(entries[0].Action, preview),
            entries.SelectMany(o => o.Steps).Select(s => new ProvisioningStepView(s.Name, s.Status, s.Description, s.Details)).ToList(),
            entries.SelectMany(o => o.ModifiedProperties).Select(p => new ModifiedPropertyView(p.DisplayName, p.OldValue, p.NewValue)).ToList())
        {
            Members = (ownLine ? result.Objects : result.Objects.Except(entries)).Select(o => View(o, preview)).ToList(),
        };
    }

    /// <summary>One object's outcome in a line: its action, status and reason (with the error code when it failed).</summary>
    public static OnDemandMemberView View(OnDemandObject o, bool preview = false) => new(o.SourceId, o.DisplayName, ActionWords(o.Action, preview), o.Status.ToString(),
        o.ErrorCode is { } error ? $"{error} — {o.Reason}" : o.Reason);

    // "Other" is the logs' action for an object left alone: the same in a preview, as nothing would be done.
    private static string ActionWords(ProvisioningAction action, bool preview) =>
        !preview || action == ProvisioningAction.Other ? action.ToString() : $"Would {action.ToString().ToLowerInvariant()}";

    private static bool IsMembershipUpdate(OnDemandObject o) =>
        o.Action == ProvisioningAction.Update && o.Steps.Any(s => s.Type == ProvisioningStep.ReferenceResolution);
}
