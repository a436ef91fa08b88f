using System.Text.Json.Nodes;
using Portal.Data.Entities;

namespace Portal.Provisioning.Targets;

/// <summary>
/// The only way the engine writes to a target application. Attribute keys are target attribute paths exactly as
/// attribute mappings name them (Entra style, case-insensitive): <c>userName</c>, <c>active</c>, <c>name.givenName</c>,
/// <c>emails[type eq "work"].value</c>, <c>urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department</c>,
/// <c>roles</c>, <c>externalId</c>, <c>displayName</c>. Values are JSON: string, boolean, array (multi-valued) or
/// object (complex); a null value in an update means "clear this attribute".
/// Every failure is a <see cref="TargetException"/> carrying an Entra error code, the target's message and a
/// recommendation; nothing else escapes (a malformed response included).
/// </summary>
public interface ITargetConnector
{
    /// <summary>Objects whose <paramref name="attribute"/> equals <paramref name="value"/> (a SCIM <c>eq</c> filter).</summary>
    Task<IReadOnlyList<TargetObject>> FindAsync(ObjectKind kind, string attribute, string value, CancellationToken cancellationToken);

    /// <summary>The object by target id, or null when the target answers 404.</summary>
    Task<TargetObject?> GetAsync(ObjectKind kind, string id, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the object. A request that timed out is followed by a look-up on <paramref name="matchingAttribute"/>
    /// before any retry, so nothing is created twice.
    /// </summary>
    Task<TargetObject> CreateAsync(ObjectKind kind, IReadOnlyDictionary<string, JsonNode?> attributes, MatchingKey matchingAttribute, CancellationToken cancellationToken);

    /// <summary>Sends only the given changed attributes (PATCH in the dialect of the target).</summary>
    Task UpdateAsync(ObjectKind kind, string id, IReadOnlyDictionary<string, JsonNode?> changes, CancellationToken cancellationToken) =>
        UpdateAsync(kind, id, changes, null, cancellationToken);

    /// <summary>
    /// Sends only the given changed attributes (PATCH in the dialect of the target); those named in
    /// <paramref name="added"/> carry values to add to the target's, not to replace them.
    /// </summary>
    Task UpdateAsync(ObjectKind kind, string id, IReadOnlyDictionary<string, JsonNode?> changes, IReadOnlySet<string>? added, CancellationToken cancellationToken);

    /// <summary>Soft delete: <c>active=false</c> by PATCH or PUT, or a DELETE for targets without soft delete (dialect).</summary>
    Task DisableAsync(ObjectKind kind, string id, CancellationToken cancellationToken);

    Task DeleteAsync(ObjectKind kind, string id, CancellationToken cancellationToken);

    /// <summary>Adds members (target ids) in batches the dialect allows.</summary>
    Task AddMembersAsync(string groupId, IReadOnlyList<string> memberIds, CancellationToken cancellationToken);

    Task RemoveMembersAsync(string groupId, IReadOnlyList<string> memberIds, CancellationToken cancellationToken);

    /// <summary>How many objects of a kind the target holds (one cheap request), or null when the connector cannot tell.</summary>
    Task<int?> CountAsync(ObjectKind kind, CancellationToken cancellationToken) => Task.FromResult<int?>(null);

    /// <summary>Objects per page when the connector lists a kind (what a snapshot costs in requests).</summary>
    int ListPageSize => 100;

    /// <summary>Whether a disabled user is deleted from the target (a dialect without soft delete), so is not expected there.</summary>
    bool DisableRemoves => false;

    /// <summary>A group's member ids as the target holds them; null when the target does not return members.</summary>
    Task<IReadOnlyList<string>?> MembersAsync(string groupId, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>?>(null);

    /// <summary>Every object of a kind, page by page as the target lists them; null when the connector cannot list.</summary>
    IAsyncEnumerable<TargetObject>? ListAsync(ObjectKind kind, CancellationToken cancellationToken) => null;

    /// <summary>
    /// Lists every object of a kind into a <see cref="TargetSnapshot"/> keyed by the given matching attributes, which then
    /// answers <see cref="FindAsync"/>'s question in memory; null when the connector cannot list.
    /// </summary>
    Task<TargetSnapshot?> SnapshotAsync(ObjectKind kind, IReadOnlyCollection<string> matchingAttributes, CancellationToken cancellationToken) =>
        Task.FromResult<TargetSnapshot?>(null);

    /// <summary>
    /// The attribute paths the target's own schema offers for a kind (its custom extensions included), for the mapping
    /// editor to suggest; null when the connector cannot tell.
    /// </summary>
    Task<IReadOnlyList<string>?> AttributePathsAsync(ObjectKind kind, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>?>(null);

    /// <summary>Entra's probe (<c>GET /Users?filter=userName eq "&lt;random guid&gt;"</c> expecting 200 and no results).</summary>
    Task<ConnectionTestResult> TestConnectionAsync(CancellationToken cancellationToken);
}

/// <summary>The attribute and value used to find an object again (e.g. after a create that timed out).</summary>
public sealed record MatchingKey(string Attribute, string Value);

/// <summary>An object in the target: its id, display name and the resource as the target returned it.</summary>
public sealed record TargetObject(string Id, string? DisplayName, bool? Active, JsonObject Resource);

/// <summary>
/// The outcome of Test Connection; <paramref name="CredentialsRejected"/> is set when the target refused the credentials
/// (401/403), so a scheduled re-check can tell rejected credentials from an unreachable target.
/// </summary>
public sealed record ConnectionTestResult(bool Succeeded, string Message, IReadOnlyList<ConformanceCheck> Checks, bool CredentialsRejected = false);

public sealed record ConformanceCheck(string Name, bool Passed, string Detail);
