using System.Security.Cryptography;
using System.Text;
using Portal.Data.Entities;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// A digest of what decides each object's target values and scope: the object mappings' target actions, attribute
/// mappings and scoping filters, whether the job syncs all users and groups, and what it no longer manages. Graph's delta reports only objects
/// that changed in the directory, so when these change, every object must be read and evaluated again (as Entra does
/// after a mapping change, and asks a restart for after a scope change); the digest committed with the watermark is how
/// a cycle knows, whoever changed them and while any cycle ran.
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

        // Syncing all users and groups takes in people no delta mentions (they did not change), so switching to it must
        // read everyone once. Only "all" adds to the text: a job syncing the assigned keeps the digest it committed.
        if (config.Job.Scope == ProvisioningScope.All)
        {
            text.Append("||scope:all");
        }

        // An object managed again is matched and brought in step although the directory did not change it; only a job
        // that released something adds to the text, so every other keeps the digest it committed.
        if (config.Job.Released is { Count: > 0 } released)
        {
            text.Append("||released:").AppendJoin('\u001f', released.Select(r => $"{r.Kind}:{r.SourceId}").Order(StringComparer.Ordinal));
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
