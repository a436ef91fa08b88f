using Portal.Data.Entities;
using Portal.Provisioning.Planning;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// A linked object as it was before a change: its state and stored values (attributes last exported, group members,
/// engine state). Kept on the change's log entry, it is what undoing the cycle puts back, in the target and in the link.
/// </summary>
public readonly record struct LinkImage(LinkState State, string? ValuesJson)
{
    /// <summary>
    /// The image worth keeping before <paramref name="action"/> changes <paramref name="link"/>: an update, disable or
    /// delete of a linked target object. A create has nothing before it (its undo deletes), a skip changes nothing.
    /// </summary>
    public static LinkImage? Before(LinkedObject? link, ChangeAction action) =>
        action is ChangeAction.Update or ChangeAction.Disable or ChangeAction.Delete && link is { TargetId: not null }
            ? new LinkImage(link.State, link.ExportedValuesJson)
            : null;
}
