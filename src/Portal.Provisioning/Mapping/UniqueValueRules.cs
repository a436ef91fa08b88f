using Portal.Data.Entities;

namespace Portal.Provisioning.Mapping;

/// <summary>
/// Where a SelectUniqueValue mapping may stand (Entra's rules, reference §5): its value is chosen once, when the object
/// is created, against what the target holds, so it cannot find the object again as a matching attribute, and it is
/// applied only during object creation.
/// </summary>
public static class UniqueValueRules
{
    /// <summary>Each <see cref="AttributeMapping"/> property at fault and what to do; none when the mapping keeps the rules.</summary>
    public static IEnumerable<(string Field, string Message)> Problems(bool isMatching, ApplyMapping apply)
    {
        if (isMatching)
        {
            yield return (nameof(AttributeMapping.IsMatching),
                "SelectUniqueValue chooses a value when the account is created, so it cannot be a matching attribute; match on another one (e.g. externalId from objectId).");
        }

        if (apply != ApplyMapping.ObjectAddOnly)
        {
            yield return (nameof(AttributeMapping.Apply),
                "SelectUniqueValue chooses the value once, when the account is created: apply this mapping only during object creation.");
        }
    }
}
