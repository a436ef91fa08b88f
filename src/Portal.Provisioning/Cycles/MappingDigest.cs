using System.Security.Cryptography;
using System.Text;
using Portal.Data.Entities;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// A digest of what decides each object's target values and scope: the object mappings' target actions, attribute
/// mappings and scoping filters. Graph's delta reports only objects that changed in the directory, so when the
/// mappings change, every object must be read and evaluated again (as Entra does after a mapping change); the digest
/// committed with the watermark is how a cycle knows, whoever changed the mappings and while any cycle ran.
/// </summary>
internal static class MappingDigest
{
    public static string Of(JobConfiguration config)
    {
        var text = new StringBuilder();
        Append(text, config.Users);
        text.Append("||");
        if (config.Groups is { } groups)
        {
            Append(text, groups);
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Append(StringBuilder text, ObjectMapping mapping)
    {
        text.Append(mapping.AllowCreate).Append(mapping.AllowUpdate).Append(mapping.AllowDelete).Append('|');
        foreach (var a in mapping.AttributeMappings.OrderBy(a => a.Order))
        {
            text.Append(a.TargetAttribute).Append('\u001f').Append(a.Type).Append('\u001f').Append(a.Source).Append('\u001f')
                .Append(a.DefaultValue).Append('\u001f').Append(a.Apply).Append('\u001f').Append(a.IsMatching ? a.MatchingPrecedence : 0)
                .Append('\u001f').Append(a.ClearWhenSourceRemoved).Append('\u001e');
        }

        text.Append('|');
        var filters = mapping.ScopingFilters.Select(f => $"{f.Kind}:" + string.Join('\u001f',
            f.Clauses.Select(c => $"{c.SourceAttribute}\u001d{c.Operator}\u001d{c.Value}")));
        text.AppendJoin('\u001e', filters.Order(StringComparer.Ordinal));
    }
}
