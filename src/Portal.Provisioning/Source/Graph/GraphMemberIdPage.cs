using System.Text.Json;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;

namespace Portal.Provisioning.Source.Graph;

/// <summary>
/// One page of a group's member list read as ids and types only. The request still goes through the SDK's request
/// adapter (authentication, retry and throttling handlers, <c>ODataError</c> for failures), but the answer is not
/// turned into SDK models: Kiota builds a full <c>User</c> (a backing store and a table of some 150 property readers)
/// for each member, which for a directory's memberships cost more than reading its users.
/// </summary>
internal sealed record GraphMemberIdPage(IReadOnlyList<(string Id, bool IsUser)> Members, string? NextLink)
{
    private const string UserType = "#microsoft.graph.user";

    public static async Task<GraphMemberIdPage> ReadAsync(GraphServiceClient client, RequestInformation request, CancellationToken cancellationToken)
    {
        await using var body = await GraphResponseStream.SendAsync(client, request, cancellationToken);
        if (body is null)
        {
            return new GraphMemberIdPage([], null);
        }

        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var root = json.RootElement;
        var members = new List<(string, bool)>();
        if (root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    var isUser = item.TryGetProperty("@odata.type", out var type) && type.ValueKind == JsonValueKind.String
                        && string.Equals(type.GetString(), UserType, StringComparison.OrdinalIgnoreCase);
                    members.Add((id.GetString()!, isUser));
                }
            }
        }

        var next = root.TryGetProperty("@odata.nextLink", out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
        return new GraphMemberIdPage(members, next);
    }
}
