using Microsoft.AspNetCore.Http;

namespace Portal.Sandbox.Graph;

/// <summary>
/// <c>/users/delta</c> and <c>/groups/delta</c>: an initial round returns everything page by page and ends with a
/// deltaLink; a deltaLink round returns what changed since, with <c>@removed</c> and <c>members@delta</c>.
/// </summary>
internal sealed class GraphDeltaResponder(SandboxGraphDirectory directory, SandboxGraphOptions options)
{
    public GraphResult Respond(DirectoryObjectKind kind, IQueryCollection query, string baseUrl)
    {
        var resource = kind == DirectoryObjectKind.Users ? "users" : "groups";
        var link = $"{baseUrl}/{resource}/delta";
        DeltaState state;
        if (query["$skiptoken"] is { Count: > 0 } skip)
        {
            var decoded = DeltaState.Decode(skip[0]!);
            if (decoded is null || decoded.Generation != directory.DeltaGeneration)
            {
                return Expired(link);
            }

            state = decoded;
        }
        else if (query["$deltatoken"] is { Count: > 0 } delta && !string.IsNullOrEmpty(delta[0]))
        {
            var current = directory.CurrentSequence;
            if (delta[0] == "latest")
            {
                var now = new DeltaState(directory.DeltaGeneration, 0, current, null, query["$select"]);
                return GraphResult.Ok(GraphRequestRouter.Collection(baseUrl, resource, null, [], GraphSelection.Parse(null), false, false,
                    $"{link}?$deltatoken={now.Encode()}"));
            }

            var decoded = DeltaState.Decode(delta[0]!);
            if (decoded is null || decoded.Generation != directory.DeltaGeneration)
            {
                return Expired(link);
            }

            // The new round covers every change after the previous round's end up to now.
            state = new DeltaState(decoded.Generation, decoded.UpTo, current, null, decoded.Select);
        }
        else
        {
            state = new DeltaState(directory.DeltaGeneration, 0, directory.CurrentSequence, null, query["$select"]);
        }

        var selection = GraphSelection.Parse(state.Select);
        var withMembers = kind == DirectoryObjectKind.Groups && selection.Members;
        var page = directory.Delta(kind, state.Since, state.UpTo, state.AfterId, Math.Max(1, options.DeltaPageSize), withMembers);
        string? next = null, deltaLink = null;
        if (page.HasMore)
        {
            next = $"{link}?$skiptoken={(state with { AfterId = page.LastId }).Encode()}";
        }
        else
        {
            deltaLink = $"{link}?$deltatoken={new DeltaState(state.Generation, 0, state.UpTo, null, state.Select).Encode()}";
        }

        return GraphResult.Ok(GraphRequestRouter.Collection(baseUrl, resource, next, page.Items, selection, withType: false, expandManager: false, deltaLink));
    }

    private GraphResult Expired(string link) => options.DeltaExpiry == DeltaExpiryResponse.Gone
        ? new GraphResult(410, GraphJson.Error("resyncRequired", "Resync required. Replace any local cached copies of the collection with the results of a full synchronization."),
            $"{link}?$deltatoken=")
        : new GraphResult(400, GraphJson.Error("syncStateNotFound",
            "The sync state generation is not found. The delta token is expired and data must be synchronized again."));
}
