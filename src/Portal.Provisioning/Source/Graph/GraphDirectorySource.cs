using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Portal.Data.Entities;

namespace Portal.Provisioning.Source.Graph;

/// <summary>
/// <see cref="IDirectorySource"/> on Microsoft Graph v1.0 through the Microsoft.Graph SDK, for a real tenant or the
/// sandbox emulator alike (only the base URL and token endpoint differ). Full reads list users and groups with
/// <c>$select</c> and <c>$top</c>; reads with stored delta links run delta rounds; expired links fall back to a full
/// read. Failed pages make the read incomplete instead of throwing.
/// </summary>
public sealed class GraphDirectorySource : IDirectorySource
{
    private readonly GraphServiceClient client;
    private readonly DirectorySourceSettings settings;
    private readonly GraphSourceOptions options;
    private readonly TimeProvider timeProvider;

    internal GraphDirectorySource(GraphServiceClient client, DirectorySourceSettings settings, GraphSourceOptions options, TimeProvider timeProvider)
    {
        this.client = client;
        this.settings = settings;
        this.options = options;
        this.timeProvider = timeProvider;
    }

    public async Task<DirectoryRead> ReadAsync(DirectoryQuery query, IDirectoryReadSink sink, CancellationToken cancellationToken)
    {
        var session = NewSession(cancellationToken);
        var select = GraphSelectList.For(query);
        var appRoles = await GraphAssignmentReader.AppRolesAsync(session, query.ServicePrincipalId);
        var assignments = await GraphAssignmentReader.AssignmentsAsync(session, query.ServicePrincipalId);
        var expanded = query.ExpandNestedGroups
            ? assignments.Where(a => a.PrincipalType == PrincipalType.Group).Select(a => a.PrincipalId).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        if (query.UsersDeltaLink is { } usersLink && query.GroupsDeltaLink is { } groupsLink)
        {
            var users = await GraphDeltaReader.UsersAsync(session, usersLink, query.UserAttributes);
            var groups = users.Round == DeltaRound.Expired
                ? default
                : await GraphDeltaReader.GroupsAsync(session, groupsLink, query.GroupAttributes);
            if (users.Round != DeltaRound.Expired && groups.Round != DeltaRound.Expired)
            {
                var groupList = await WithTransitiveMembersAsync(session, groups.Groups ?? [], expanded);
                var done = users.Round == DeltaRound.Done && groups.Round == DeltaRound.Done;

                // A delta holds only what changed: small enough to hand over as one page.
                await sink.HeadAsync(new DirectoryReadHead(groupList, assignments, appRoles, IsDelta: true), cancellationToken);
                await sink.UsersAsync(users.Users, morePages: false, cancellationToken);

                // A broken round has no new link; keeping the old ones makes the next cycle replay it (replays are idempotent).
                return new DirectoryRead([], groupList, assignments, appRoles, IsDelta: true, session.IsComplete,
                    done ? users.DeltaLink : usersLink, done ? groups.DeltaLink : groupsLink, session.Problems);
            }

            session.Note("The stored delta links had expired (Graph asked for a resync), so the directory was read in full.");
        }

        return await FullReadAsync(session, sink, query, select, assignments, appRoles, expanded);
    }

    public async Task<DirectoryRead> ReadAssignmentsAsync(string servicePrincipalId, CancellationToken cancellationToken)
    {
        var session = NewSession(cancellationToken);
        var appRoles = await GraphAssignmentReader.AppRolesAsync(session, servicePrincipalId);
        var assignments = await GraphAssignmentReader.AssignmentsAsync(session, servicePrincipalId);
        return new DirectoryRead([], [], assignments, appRoles, IsDelta: false, session.IsComplete, null, null, session.Problems);
    }

    public async Task<SourceObject?> GetAsync(ObjectKind kind, string id, DirectoryQuery query, CancellationToken cancellationToken)
    {
        var select = GraphSelectList.For(query);
        try
        {
            if (kind == ObjectKind.User)
            {
                var user = await client.Users[id].GetAsync(rc =>
                {
                    rc.QueryParameters.Select = [.. select.Users];
                    if (select.Manager)
                    {
                        rc.QueryParameters.Expand = ["manager($select=id)"];
                    }
                }, cancellationToken);
                return user is null ? null : GraphObjectConverter.User(user, query.UserAttributes, fillMissing: true);
            }

            var group = await client.Groups[id].GetAsync(rc => rc.QueryParameters.Select = [.. select.Groups], cancellationToken);
            if (group is null)
            {
                return null;
            }

            var session = NewSession(cancellationToken);
            var members = await GraphListReader.MemberIdsAsync(session, id, query.ExpandNestedGroups);
            if (!session.IsComplete)
            {
                throw new DirectorySourceException(session.Problems[0]);
            }

            return GraphListReader.ToSourceObject(group, query.GroupAttributes, new GroupMembers(members ?? [], [], IsFullList: true));
        }
        catch (ODataError error) when (error.ResponseStatusCode == 404)
        {
            return null;
        }
        catch (Exception ex) when (ex is not DirectorySourceException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var permission = kind == ObjectKind.User ? GraphFailure.UserPermission : GraphFailure.GroupPermission;
            throw new DirectorySourceException(GraphFailure.Describe($"{kind.ToString().ToLowerInvariant()} {id}", permission, ex, options.MaxRetries), ex);
        }
    }

    public async Task<(IReadOnlyList<SourceObject> Users, bool More)> GroupUsersAsync(string groupId, DirectoryQuery query, int top,
        CancellationToken cancellationToken)
    {
        string[] select = [.. GraphSelectList.For(query).Users];
        var pageSize = Math.Min(top, 999);
        // The two casts' builders differ only in their types; the query is the same.
        var direct = client.Groups[groupId].Members.GraphUser;
        var request = query.ExpandNestedGroups
            ? client.Groups[groupId].TransitiveMembers.GraphUser.ToGetRequestInformation(rc => { rc.QueryParameters.Select = select; rc.QueryParameters.Top = pageSize; })
            : direct.ToGetRequestInformation(rc => { rc.QueryParameters.Select = select; rc.QueryParameters.Top = pageSize; });
        var users = new List<SourceObject>();
        try
        {
            while (true)
            {
                var page = await GraphUserPage.ReadAsync(client, request, query.UserAttributes, cancellationToken);
                users.AddRange(page.Users);
                if (users.Count >= top || page.NextLink is not { } next)
                {
                    return (users.Take(top).ToList(), users.Count > top || page.NextLink is not null);
                }

                // The next link names the list it continues; the builder only carries it.
                request = direct.WithUrl(next).ToGetRequestInformation();
            }
        }
        catch (Exception ex) when (ex is not DirectorySourceException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw new DirectorySourceException(GraphFailure.Describe($"the users of group {groupId}", GraphFailure.GroupPermission, ex, options.MaxRetries), ex);
        }
    }

    public async Task<IReadOnlyList<SourceObject>> SearchAsync(ObjectKind kind, string term, int top, CancellationToken cancellationToken)
    {
        var filter = DirectorySearch.Filter(kind, term);
        var attributes = DirectorySearch.Attributes(kind);
        string[] select = ["id", .. attributes];
        try
        {
            if (kind == ObjectKind.User)
            {
                var users = await client.Users.GetAsync(rc =>
                {
                    rc.QueryParameters.Filter = filter;
                    rc.QueryParameters.Select = select;
                    rc.QueryParameters.Top = top;
                }, cancellationToken);
                return [.. (users?.Value ?? []).Select(u => GraphObjectConverter.User(u, attributes, fillMissing: true))];
            }

            var groups = await client.Groups.GetAsync(rc =>
            {
                rc.QueryParameters.Filter = filter;
                rc.QueryParameters.Select = select;
                rc.QueryParameters.Top = top;
            }, cancellationToken);
            return [.. (groups?.Value ?? []).Select(g => GraphObjectConverter.Group(g, attributes, fillMissing: true, members: null))];
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var permission = kind == ObjectKind.User ? GraphFailure.UserPermission : GraphFailure.GroupPermission;
            throw new DirectorySourceException(GraphFailure.Describe($"{kind.ToString().ToLowerInvariant()}s named '{term}'", permission, ex, options.MaxRetries), ex);
        }
    }

    public Task<SourceConnectionTest> TestConnectionAsync(string? servicePrincipalId, CancellationToken cancellationToken) =>
        new GraphConnectionTester(client, settings, ClientSecretReader(), timeProvider).TestAsync(servicePrincipalId, cancellationToken);

    public Task<ClientSecretStatus?> ReadClientSecretAsync(CancellationToken cancellationToken) => ClientSecretReader().ReadAsync(cancellationToken);

    public Task SubscribeToChangesAsync(Uri notificationUrl, string clientState, TimeSpan lifetime, CancellationToken cancellationToken) =>
        new GraphChangeSubscriber(client, timeProvider).SubscribeAsync(notificationUrl, clientState, lifetime, cancellationToken);

    public Task<AppRoleAssignment> AssignAsync(string servicePrincipalId, string principalId, string appRoleId, CancellationToken cancellationToken) =>
        new GraphAssignmentWriter(client).AssignAsync(servicePrincipalId, principalId, appRoleId, cancellationToken);

    public Task UnassignAsync(string servicePrincipalId, string assignmentId, CancellationToken cancellationToken) =>
        new GraphAssignmentWriter(client).UnassignAsync(servicePrincipalId, assignmentId, cancellationToken);

    private GraphClientSecretReader ClientSecretReader() => new(client, settings, timeProvider, options.MaxRetries);

    private GraphReadSession NewSession(CancellationToken cancellationToken) => new(client, settings.GraphBaseUrl, options, cancellationToken);

    /// <summary>
    /// Groups and their members first (scope depends on them), then users streamed page by page into the sink, so
    /// memory holds one page of users, not the directory.
    /// </summary>
    private static async Task<DirectoryRead> FullReadAsync(GraphReadSession session, IDirectoryReadSink sink,
        DirectoryQuery query, GraphSelectList select, List<AppRoleAssignment> assignments, List<AppRole> appRoles, HashSet<string> expanded)
    {
        // Links are taken before listing: whatever changes during the listing is replayed by the next delta round.
        var usersLink = await GraphDeltaReader.LatestLinkAsync(session, "users", select.UsersForDelta);
        var groupsLink = await GraphDeltaReader.LatestLinkAsync(session, "groups", select.GroupsForDelta);
        var groups = await GraphListReader.GroupsAsync(session, select);
        var members = await GraphListReader.MembersAsync(session, groups.Select(g => g.Id!), expanded);
        var groupList = groups.Select(g => GraphListReader.ToSourceObject(g, query.GroupAttributes, members.GetValueOrDefault(g.Id!))).ToList();
        await sink.HeadAsync(new DirectoryReadHead(groupList, assignments, appRoles, IsDelta: false), session.CancellationToken);
        await GraphListReader.UsersAsync(session, select, query.UserAttributes, sink);
        return new DirectoryRead([], groupList, assignments, appRoles, IsDelta: false, session.IsComplete,
            session.IsComplete ? usersLink : null, session.IsComplete ? groupsLink : null, session.Problems);
    }

    /// <summary>In delta reads, assigned groups get their transitive users re-read in full (Graph tracks direct members only).</summary>
    private static async Task<List<SourceObject>> WithTransitiveMembersAsync(GraphReadSession session, List<SourceObject> groups, HashSet<string> expanded)
    {
        if (expanded.Count == 0)
        {
            return groups;
        }

        var members = await GraphListReader.MembersAsync(session, expanded, expanded);
        var byId = groups.ToDictionary(g => g.Id, StringComparer.OrdinalIgnoreCase);
        foreach (var (groupId, list) in members)
        {
            byId[groupId] = byId.TryGetValue(groupId, out var group)
                ? (group.Change == SourceChange.Present ? group with { Members = list } : group)
                : GraphListReader.IdOnlyGroup(groupId, list);
        }

        return [.. byId.Values];
    }
}
