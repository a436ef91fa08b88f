using System.Text.Json;
using Portal.Data.Entities;
using Portal.Provisioning.Planning;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// A linked object as it was before a change: its state, and those of its stored values (attributes last exported, group
/// members, engine state) the change replaced — all of them for a disable or delete, whose undo may have to create the
/// object again. Kept on the change's log entry, it is what undoing the cycle puts back, in the target and in the link.
/// </summary>
public readonly record struct LinkImage(LinkState State, string? ValuesJson)
{
    /// <summary>
    /// The image worth keeping before <paramref name="change"/> changes <paramref name="link"/>: an update, disable or
    /// delete of a linked target object. A create has nothing before it (its undo deletes), a skip changes nothing.
    /// </summary>
    public static LinkImage? Before(LinkedObject? link, PlannedChange change) => link is not { TargetId: not null } ? null : change.Action switch
    {
        ChangeAction.Update when change.Previous is { } replaced => new LinkImage(link.State, JsonSerializer.Serialize(replaced)),
        ChangeAction.Disable or ChangeAction.Delete => new LinkImage(link.State, link.ExportedValuesJson),
        _ => null,
    };

    /// <summary>A group before its membership update: the members it had in the target.</summary>
    public static LinkImage Members(LinkedObject group, IEnumerable<string> members) =>
        new(group.State, JsonSerializer.Serialize(new Dictionary<string, IEnumerable<string>> { [LinkValues.Members] = members }));
}
