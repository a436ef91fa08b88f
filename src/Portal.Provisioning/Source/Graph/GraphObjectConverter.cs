using System.Collections;
using System.Globalization;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Abstractions.Store;

namespace Portal.Provisioning.Source.Graph;

/// <summary>
/// Turns SDK models into <see cref="SourceObject"/>s. Reads the model's backing store rather than typed properties, so
/// every selected property (including directory extensions in additional data) comes through under its Graph name.
/// </summary>
internal static class GraphObjectConverter
{
    private const string Removed = "@removed";

    public static SourceObject User(User user, IReadOnlyCollection<string> requested, bool fillMissing)
    {
        var attributes = Attributes(user, requested, fillMissing);
        if (user.Manager?.Id is { } managerId)
        {
            attributes[GraphSelectList.ManagerAttribute] = managerId;
        }
        else if (user.AdditionalData?.TryGetValue("manager@delta", out var managerDelta) == true)
        {
            attributes[GraphSelectList.ManagerAttribute] = References(managerDelta).Where(r => !r.Removed).Select(r => r.Id).FirstOrDefault();
        }
        else if (fillMissing && requested.Contains(GraphSelectList.ManagerAttribute, StringComparer.OrdinalIgnoreCase))
        {
            attributes[GraphSelectList.ManagerAttribute] = null;
        }

        return new SourceObject(Data.Entities.ObjectKind.User, user.Id!, ChangeOf(user.AdditionalData), attributes);
    }

    public static SourceObject Group(Group group, IReadOnlyCollection<string> requested, bool fillMissing, GroupMembers? members) =>
        new(Data.Entities.ObjectKind.Group, group.Id!, ChangeOf(group.AdditionalData), Attributes(group, requested, fillMissing), members);

    /// <summary>The <c>members@delta</c> of a delta page: added and removed member ids.</summary>
    public static (List<string> Added, List<string> Removed) MemberChanges(Group group)
    {
        var added = new List<string>();
        var removed = new List<string>();
        if (group.AdditionalData?.TryGetValue("members@delta", out var value) == true)
        {
            foreach (var (id, isRemoved) in References(value))
            {
                (isRemoved ? removed : added).Add(id);
            }
        }

        return (added, removed);
    }

    public static SourceChange ChangeOf(IDictionary<string, object>? additionalData)
    {
        if (additionalData?.TryGetValue(Removed, out var removed) != true)
        {
            return SourceChange.Present;
        }

        var reason = removed is UntypedObject o && o.GetValue().TryGetValue("reason", out var r) && r is UntypedString s ? s.GetValue() : null;
        return reason == "changed" ? SourceChange.SoftDeleted : SourceChange.HardDeleted;
    }

    private static IEnumerable<(string Id, bool Removed)> References(object? value)
    {
        if (value is not UntypedArray array)
        {
            yield break;
        }

        foreach (var node in array.GetValue())
        {
            if (node is UntypedObject item && item.GetValue().TryGetValue("id", out var id) && id is UntypedString idText && idText.GetValue() is { } text)
            {
                yield return (text, item.GetValue().ContainsKey(Removed));
            }
        }
    }

    private static Dictionary<string, object?> Attributes(IBackedModel model, IReadOnlyCollection<string> requested, bool fillMissing)
    {
        var attributes = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, stored) in model.BackingStore.Enumerate())
        {
            var value = Unwrapped(stored);
            if (key == "AdditionalData" && value is IDictionary<string, object> extra)
            {
                foreach (var (name, item) in extra)
                {
                    if (!name.Contains('@', StringComparison.Ordinal))
                    {
                        attributes[name] = Untyped(item);
                    }
                }
            }
            else if (value is IBackedModel nested && key is not "manager")
            {
                // onPremisesExtensionAttributes.extensionAttribute1 is mapped as extensionAttribute1 in Entra.
                foreach (var (childKey, storedChild) in nested.BackingStore.Enumerate())
                {
                    var childValue = Unwrapped(storedChild);
                    if (childKey is "AdditionalData" or "@odata.type")
                    {
                        continue;
                    }

                    var name = key == "onPremisesExtensionAttributes" ? childKey : $"{key}.{childKey}";
                    attributes[name] = Simple(childValue);
                }
            }
            else if (key is not ("@odata.type" or "manager" or "members" or "AdditionalData"))
            {
                attributes[key] = Simple(value);
            }
        }

        if (fillMissing)
        {
            foreach (var name in requested)
            {
                if (!name.Equals(GraphSelectList.ManagerAttribute, StringComparison.OrdinalIgnoreCase))
                {
                    attributes.TryAdd(name, null);
                }
            }
        }

        return attributes;
    }

    /// <summary>
    /// The backing store keeps every collection — list values and the additional data alike — as (collection, count),
    /// so that it can tell later whether the collection changed; enumerating it hands out that pair, not the collection.
    /// </summary>
    private static object? Unwrapped(object? stored) => stored is Tuple<ICollection, int> tracked ? tracked.Item1 : stored;

    private static object? Simple(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        DateTimeOffset t => t.ToString("o", CultureInfo.InvariantCulture),
        Date d => d.ToString(),
        Enum e => e.ToString(),
        IEnumerable<string> list => list.ToList(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => items.Cast<object?>().Select(i => Convert.ToString(Simple(i), CultureInfo.InvariantCulture) ?? "").ToList(),
        _ => value.ToString(),
    };

    private static object? Untyped(object? value) => value switch
    {
        UntypedString s => s.GetValue(),
        UntypedBoolean b => b.GetValue(),
        UntypedNull => null,
        UntypedInteger i => i.GetValue().ToString(CultureInfo.InvariantCulture),
        UntypedLong l => l.GetValue().ToString(CultureInfo.InvariantCulture),
        UntypedDouble d => d.GetValue().ToString(CultureInfo.InvariantCulture),
        UntypedArray a => a.GetValue().Select(n => Convert.ToString(Untyped(n), CultureInfo.InvariantCulture) ?? "").ToList(),
        _ => Simple(value),
    };
}
