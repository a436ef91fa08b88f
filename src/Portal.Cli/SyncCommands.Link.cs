using System.CommandLine;
using System.Text.Json;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Targets;

namespace Portal.Cli;

/// <summary>
/// <c>portal sync link --job job.json [--state path] --links links.csv</c>: links directory users and groups to accounts
/// the target already holds that matching does not find (made by hand under other names, or several matching), as the
/// Reconciliation tab's Link… does, one line of the file each: <c>kind,sourceId,targetId</c>. For taking over a target
/// that was kept by hand before. Last line: one JSON object; exit 0 when every line was linked, 5 when some were refused
/// or failed, 4 when the source or target could not be reached, 2 for an unreadable file.
/// </summary>
internal static partial class SyncCommands
{
    private const string LinksHeader = "kind,sourceId,targetId";

    private static Command LinkCommand()
    {
        var job = JobOption();
        var state = StateOption();
        var links = new Option<FileInfo>("--links") { Description = $"CSV file, header '{LinksHeader}', kind user or group.", Required = true };
        var link = new Command("link", "Link directory users or groups to accounts the target already holds, then bring those accounts in step.");
        link.Options.Add(job);
        link.Options.Add(state);
        link.Options.Add(links);
        link.SetAction(async (result, ct) =>
        {
            var file = result.GetValue(links)!;
            if (await ReadLinksAsync(file, ct) is not { } pairs)
            {
                return BadInput;
            }

            return await WithJobAsync(result.GetValue(job)!, result.GetValue(state), (opened, token) => LinkAsync(opened, pairs, token), ct);
        });
        return link;
    }

    private static async Task<int> LinkAsync(OpenedJob job, IReadOnlyList<(ObjectKind Kind, string SourceId, string TargetId)> pairs, CancellationToken cancellationToken)
    {
        var (linked, refused, failed) = (0, 0, 0);
        foreach (var (kind, sourceId, targetId) in pairs)
        {
            var name = $"{kind.ToString().ToLowerInvariant()} {sourceId} -> {targetId}";
            try
            {
                var result = await job.Engine.LinkAsync(job.TenantId, job.JobId, kind, sourceId, targetId, cancellationToken);
                var outcome = result.Objects.FirstOrDefault(o => o.Kind == kind && o.SourceId == sourceId);
                Console.WriteLine($"linked: {name} ({outcome?.DisplayName}): {outcome?.Action} {outcome?.Status}{(outcome?.ErrorCode is { } code ? $" {code}" : "")} — {outcome?.Reason}");
                if (result.CountObjects().Failed > 0)
                {
                    failed++;
                }
                else
                {
                    linked++;
                }
            }
            catch (LinkRefusedException e)
            {
                Console.WriteLine($"refused: {name}: {e.Message}");
                refused++;
            }
            catch (Exception e) when (e is TargetException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"error: {name}: {e.Message}");
                Console.WriteLine(JsonSerializer.Serialize(new { linked, refused, failed }));
                return Aborted;
            }
        }

        Console.WriteLine(JsonSerializer.Serialize(new { linked, refused, failed }));
        return refused + failed == 0 ? 0 : Differences;
    }

    // The whole file is checked before anything is linked: a typo on line 300 does not leave 299 linked and the rest not.
    private static async Task<List<(ObjectKind, string, string)>?> ReadLinksAsync(FileInfo file, CancellationToken cancellationToken)
    {
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(file.FullName, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: cannot read links file '{file.FullName}': {e.Message}");
            return null;
        }

        if (lines.Length == 0 || !lines[0].Trim().Equals(LinksHeader, StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"error: {file.Name}:1: the first line must be '{LinksHeader}'.");
            return null;
        }

        var pairs = new List<(ObjectKind, string, string)>();
        for (var at = 1; at < lines.Length; at++)
        {
            if (string.IsNullOrWhiteSpace(lines[at]))
            {
                continue;
            }

            var fields = lines[at].Split(',').Select(f => f.Trim().Trim('"')).ToArray();
            if (fields.Length != 3 || fields[0].ToLowerInvariant() is not ("user" or "group") || fields[1].Length == 0 || fields[2].Length == 0)
            {
                await Console.Error.WriteLineAsync($"error: {file.Name}:{at + 1}: expected 'user|group,<directory object id>,<target id>', found '{lines[at]}'.");
                return null;
            }

            pairs.Add((fields[0].Equals("user", StringComparison.OrdinalIgnoreCase) ? ObjectKind.User : ObjectKind.Group, fields[1], fields[2]));
        }

        return pairs;
    }
}
