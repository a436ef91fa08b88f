using Portal.Data.Secrets;

namespace Portal.Web.Audit;

/// <summary>One property change of an audit entry: name, old value, new value. Secrets only ever read "changed".</summary>
public sealed record AuditChange(string Name, string? OldValue, string? NewValue)
{
    public const string SecretChanged = "changed";

    /// <summary>A change of a plain value; null when old and new are equal, so unchanged fields leave no line.</summary>
    public static AuditChange? Of<T>(string name, T? oldValue, T? newValue)
    {
        if (oldValue is ProtectedSecret || newValue is ProtectedSecret)
        {
            return Secret(name, !Equals(oldValue, newValue));
        }

        var before = Format(oldValue);
        var after = Format(newValue);
        return string.Equals(before, after, StringComparison.Ordinal) ? null : new AuditChange(name, before, after);
    }

    /// <summary>A secret (token, password, client secret): the entry says that it changed, never what it was or became.</summary>
    public static AuditChange? Secret(string name, bool changed) =>
        changed ? new AuditChange(name, null, SecretChanged) : null;

    private static string? Format<T>(T? value) => value switch
    {
        null => null,
        // An empty list reads as "nothing", like null, so "no filters → one filter" shows no empty old value.
        IEnumerable<string> list when value is not string => string.Join(", ", list) is { Length: > 0 } joined ? joined : null,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
