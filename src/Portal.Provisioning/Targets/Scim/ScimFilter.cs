using System.Text;

namespace Portal.Provisioning.Targets.Scim;

/// <summary>Builds RFC 7644 § 3.4.2.2 filters; values are JSON strings, so quotes and backslashes are escaped.</summary>
internal static class ScimFilter
{
    public static string Equal(string attributePath, string value) => $"{ScimPath.Parse(attributePath).Render()} eq {Quote(value)}";

    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                < ' ' => text.Append($"\\u{(int)c:x4}"),
                _ => text.Append(c),
            };
        }

        return text.Append('"').ToString();
    }
}
