using System.Collections.Frozen;
using System.Reflection;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions.Serialization;
using Portal.Data.Entities;
using Portal.Provisioning.Mapping;

namespace Portal.Provisioning.Source;

/// <summary>
/// The directory attributes a mapping or scoping clause can name, as the engine reads them: Microsoft Graph's
/// properties of users and groups (taken from the SDK's models, so they are the SDK's own list), a complex property's
/// fields as <c>property.field</c>, <c>extensionAttribute1</c>–<c>15</c>, the computed attributes, and directory
/// extensions (<c>extension_{appId}_{name}</c>). Any other name is a mistake the admin should hear about when saving:
/// Graph answers a list request selecting it with 400, and the cycle cannot read the directory at all.
/// </summary>
public static class DirectoryAttributes
{
    private const string Extension = "extension_";

    // Graph returns these only for one object at a time (GET /users/{id}, /groups/{id}); selecting them in a list fails.
    private static readonly string[] OneAtATime =
        ["aboutMe", "birthday", "hireDate", "interests", "mySite", "pastProjects", "preferredName", "responsibilities", "schools", "skills",
            "mailboxSettings", "deviceEnrollmentLimit", "print", "signInActivity", "customSecurityAttributes", "authorizationInfo",
            "allowExternalSenders", "autoSubscribeNewMembers", "hideFromAddressLists", "hideFromOutlookClients", "isSubscribedByMail", "unseenCount"];

    // Written, never read: Graph returns no password.
    private const string WriteOnly = "passwordProfile";

    // Entra's mapping screens use the directory's internal names for some attributes; Graph, which the portal reads, has others.
    private static readonly FrozenDictionary<string, string> EntraNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["telephoneNumber"] = "businessPhones",
        ["facsimileTelephoneNumber"] = "faxNumber",
        ["physicalDeliveryOfficeName"] = "officeLocation",
        ["mobile"] = "mobilePhone",
        ["sn"] = "surname",
        ["c"] = "country",
        ["co"] = "country",
        ["l"] = "city",
        ["st"] = "state",
        ["title"] = "jobTitle",
        ["company"] = "companyName",
        ["objectGUID"] = "objectId",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<IReadOnlyList<string>> UserNames = new(() => Build(new User(),
        [AttributeMapper.ObjectId, AttributeMapper.IsSoftDeleted, AttributeMapper.AppRoleAssignments, "manager",
            .. Enumerable.Range(1, 15).Select(i => $"extensionAttribute{i}")]));

    private static readonly Lazy<IReadOnlyList<string>> GroupNames = new(() => Build(new Group(),
        [AttributeMapper.ObjectId, AttributeMapper.IsSoftDeleted, AttributeMapper.AppRoleAssignments, "members"]));

    /// <summary>
    /// The names Graph can be asked for: those the directory has, less what the engine computes (and the object's id).
    /// Graph refuses a whole request selecting a name it does not have.
    /// </summary>
    public static IEnumerable<string> Selectable(ObjectKind kind, IEnumerable<string> names) =>
        names.Where(n => !IsComputed(n) && Problem(kind, n) is null);

    private static bool IsComputed(string name) =>
        name.Equals(AttributeMapper.IsSoftDeleted, StringComparison.OrdinalIgnoreCase)
        || name.Equals(AttributeMapper.AppRoleAssignments, StringComparison.OrdinalIgnoreCase)
        || name.Equals(AttributeMapper.ObjectId, StringComparison.OrdinalIgnoreCase)
        || name.Equals("id", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every attribute of the kind, sorted; directory extensions are not listed (any name of that form is one).</summary>
    public static IReadOnlyList<string> Of(ObjectKind kind) => kind == ObjectKind.User ? UserNames.Value : GroupNames.Value;

    /// <summary>Null when the engine can read <paramref name="name"/>; otherwise what is wrong, with the likely meant name.</summary>
    public static string? Problem(ObjectKind kind, string name)
    {
        var known = Of(kind);
        if (name.StartsWith(Extension, StringComparison.OrdinalIgnoreCase) || known.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var objects = kind == ObjectKind.User ? "users" : "groups";
        if (OneAtATime.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            return $"'{name}' is returned by Microsoft Graph only for one object at a time, not in the lists a cycle reads; it cannot be mapped.";
        }

        if (EntraNames.TryGetValue(name, out var graphName) && known.Contains(graphName, StringComparer.OrdinalIgnoreCase))
        {
            return $"'{name}' is not an attribute of directory {objects} in Microsoft Graph, which the portal reads; Graph calls it '{graphName}'.";
        }

        var nearest = known.Select(k => (Name: k, Distance: Distance(name.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(k => k.Distance <= Math.Max(2, name.Length / 4)).OrderBy(k => k.Distance).ThenBy(k => k.Name, StringComparer.Ordinal).FirstOrDefault();
        return nearest.Name is { } meant
            ? $"'{name}' is not an attribute of directory {objects}; did you mean '{meant}'?"
            : $"'{name}' is not an attribute of directory {objects}. Use a Microsoft Graph property name (e.g. department), "
                + "extensionAttribute1–15, or a directory extension (extension_<app id>_<name>).";
    }

    /// <summary>The first problem among the attributes an expression or a set of clauses names; null when there is none.</summary>
    public static string? Problem(ObjectKind kind, IEnumerable<string> names) =>
        names.Select(n => Problem(kind, n)).FirstOrDefault(p => p is not null);

    private static IReadOnlyList<string> Build(IParsable model, IEnumerable<string> computed)
    {
        var names = new SortedSet<string>(computed, StringComparer.OrdinalIgnoreCase);
        foreach (var field in model.GetFieldDeserializers().Keys)
        {
            var type = PropertyType(model.GetType(), field);
            if (type is null || field.StartsWith('@') || IsNavigation(type) || OneAtATime.Contains(field, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (field is "onPremisesExtensionAttributes" or WriteOnly)
            {
                continue; // the first is read as extensionAttribute1–15
            }

            // A complex value (employeeOrgData) is read field by field, as employeeOrgData.costCenter.
            if (typeof(IParsable).IsAssignableFrom(type) && Activator.CreateInstance(type) is IParsable complex)
            {
                names.UnionWith(complex.GetFieldDeserializers().Keys.Where(k => !k.StartsWith('@')).Select(k => $"{field}.{k}"));
            }
            else
            {
                names.Add(field);
            }
        }

        return [.. names];
    }

    private static Type? PropertyType(Type model, string field)
    {
        var property = model.GetProperty(field, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property?.PropertyType is { } type ? Nullable.GetUnderlyingType(type) ?? type : null;
    }

    // Relationships (memberOf, manager, drive, ...) are objects of their own, not attributes; a collection of them too.
    private static bool IsNavigation(Type type)
    {
        var element = type.IsGenericType ? type.GetGenericArguments()[0] : type;
        return typeof(Entity).IsAssignableFrom(element);
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
