using System.Collections.Concurrent;
using Microsoft.Graph.Models;
using Portal.Data.Entities;

namespace Portal.Provisioning.Source.Graph;

/// <summary>
/// Full reads: <c>/users</c> and <c>/groups</c> with <c>$select</c> and <c>$top</c>, every nextLink page, then the
/// members of each group (transitive users for assigned groups when nested expansion is on).
/// </summary>
internal static class GraphListReader
{
    /// <summary>Every page of users, each converted and handed to the sink before the next is requested.</summary>
    public static async Task UsersAsync(GraphReadSession session, GraphSelectList select, IReadOnlyCollection<string> requested, IDirectoryReadSink sink)
    {
        var client = session.Client;
        var request = client.Users.ToGetRequestInformation(rc =>
        {
            rc.QueryParameters.Select = [.. select.Users];
            rc.QueryParameters.Top = session.Options.PageSize;
            if (select.Manager)
            {
                rc.QueryParameters.Expand = ["manager($select=id)"];
            }
        });
        var what = "users";
        while (true)
        {
            var page = await session.TryAsync(what, GraphFailure.UserPermission, async ct => await GraphUserPage.ReadAsync(client, request, requested, ct));
            if (page is null)
            {
                return;
            }

            await sink.UsersAsync(page.Users, morePages: page.NextLink is not null, session.CancellationToken);
            if (page.NextLink is not { } next)
            {
                return;
            }

            request = client.Users.WithUrl(next).ToGetRequestInformation();
            what = $"users (page {next})";
        }
    }

    public static async Task<List<Group>> GroupsAsync(GraphReadSession session, GraphSelectList select)
    {
        var client = session.Client;
        var groups = new List<Group>();
        var page = await session.TryAsync("groups", GraphFailure.GroupPermission, ct => client.Groups.GetAsync(rc =>
        {
            rc.QueryParameters.Select = [.. select.Groups];
            rc.QueryParameters.Top = session.Options.PageSize;
        }, ct));
        while (page is not null)
        {
            groups.AddRange(page.Value ?? []);
            if (page.OdataNextLink is not { } next)
            {
                break;
            }

            page = await session.TryAsync($"groups (page {next})", GraphFailure.GroupPermission, ct => client.Groups.WithUrl(next).GetAsync(cancellationToken: ct));
        }

        return groups;
    }

    /// <summary>Member lists of many groups, a few at a time; a group whose list failed is absent from the result.</summary>
    public static async Task<IReadOnlyDictionary<string, GroupMembers>> MembersAsync(
        GraphReadSession session, IEnumerable<string> groupIds, ISet<string> transitiveGroupIds)
    {
        var result = new ConcurrentDictionary<string, GroupMembers>(StringComparer.OrdinalIgnoreCase);
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, session.Options.MemberReadParallelism),
            CancellationToken = session.CancellationToken,
        };
        await Parallel.ForEachAsync(groupIds, parallel, async (groupId, _) =>
        {
            var ids = await MemberIdsAsync(session, groupId, transitiveGroupIds.Contains(groupId));
            if (ids is not null)
            {
                result[groupId] = new GroupMembers(ids, [], IsFullList: true);
            }
        });
        return result;
    }

    /// <summary>Direct members (users and nested groups), or only the users found transitively; null when a page failed.</summary>
    public static async Task<List<string>?> MemberIdsAsync(GraphReadSession session, string groupId, bool transitive)
    {
        var client = session.Client;
        var what = transitive ? $"transitive members of group {groupId}" : $"members of group {groupId}";
        var request = transitive
            ? client.Groups[groupId].TransitiveMembers.ToGetRequestInformation(rc => { rc.QueryParameters.Select = ["id"]; rc.QueryParameters.Top = session.Options.PageSize; })
            : client.Groups[groupId].Members.ToGetRequestInformation(rc => { rc.QueryParameters.Select = ["id"]; rc.QueryParameters.Top = session.Options.PageSize; });
        var page = await session.TryAsync(what, GraphFailure.GroupPermission, async ct => await GraphMemberIdPage.ReadAsync(client, request, ct));
        var ids = new List<string>();
        while (page is not null)
        {
            // Transitive lists hold nested groups (and devices, contacts) too; only users are effectively members.
            ids.AddRange(page.Members.Where(m => !transitive || m.IsUser).Select(m => m.Id));
            if (page.NextLink is not { } next)
            {
                return ids;
            }

            // The next link names the list it continues (members or transitive members); the builder only carries it.
            var nextRequest = client.Groups[groupId].Members.WithUrl(next).ToGetRequestInformation();
            page = await session.TryAsync($"{what} (page {next})", GraphFailure.GroupPermission, async ct => await GraphMemberIdPage.ReadAsync(client, nextRequest, ct));
        }

        return null;
    }

    public static SourceObject ToSourceObject(Group group, IReadOnlyCollection<string> requested, GroupMembers? members) =>
        GraphObjectConverter.Group(group, requested, fillMissing: true, members);

    public static SourceObject IdOnlyGroup(string id, GroupMembers members) =>
        new(ObjectKind.Group, id, SourceChange.Present, new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase), members);
}
