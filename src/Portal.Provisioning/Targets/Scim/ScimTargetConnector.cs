using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.Json;
using Portal.Data.Entities;

namespace Portal.Provisioning.Targets.Scim;

/// <summary>
/// SCIM 2.0 connector (RFC 7643/7644) speaking the dialect of one target. Create it through
/// <see cref="ScimTargetConnectorFactory"/>; every failure is a <see cref="TargetException"/>.
/// </summary>
public sealed class ScimTargetConnector : ITargetConnector
{
    private readonly TargetTransport transport;
    private readonly ScimResourceWriter writer;
    private readonly Scim11PatchWriter scim11;
    private readonly ScimClientOptions options;
    private readonly ConcurrentDictionary<string, string> etags = new(StringComparer.Ordinal);

    internal ScimTargetConnector(TargetTransport transport, DialectProfile dialect, ScimClientOptions options)
    {
        this.transport = transport;
        this.options = options;
        Dialect = dialect;
        writer = new ScimResourceWriter(dialect);
        scim11 = new Scim11PatchWriter(dialect, writer);
    }

    public DialectProfile Dialect { get; }

    public async Task<IReadOnlyList<TargetObject>> FindAsync(ObjectKind kind, string attribute, string value, CancellationToken cancellationToken)
    {
        var path = ScimPath.Parse(attribute);
        if (kind == ObjectKind.User && !Dialect.SupportsExternalIdFilter && path.Attribute.Equals(ScimAttributeNames.ExternalId, StringComparison.OrdinalIgnoreCase))
        {
            throw new TargetException("SchemaAttributeNotFound",
                $"The target (dialect '{Dialect.Name}') cannot filter users on externalId, so it cannot be a matching attribute.",
                "Make userName the matching attribute of the user mapping.");
        }

        var query = $"{Dialect.PathFor(kind)}?filter={Uri.EscapeDataString(ScimFilter.Equal(attribute, value))}{ExcludeMembers(kind, "&")}";
        var response = await transport.SendAsync(HttpMethod.Get, query, null, null, cancellationToken);
        if (response.Status != 200)
        {
            throw ScimErrors.From(response);
        }

        var comparison = Comparison(path);

        // Some targets ignore filters and return everything; keep only real matches.
        return ReadList(response)
            .Where(r => ScimPath.ScalarText(path.Read(r)) is not { } found || string.Equals(found, value, comparison))
            .Select(r => Track(kind, ToTargetObject(r, response)))
            .ToList();
    }

    public int ListPageSize => Math.Max(1, Dialect.MaxPageSize);

    public bool DisableRemoves => Dialect.Disable == DisableMethod.Delete;

    public async Task<int?> CountAsync(ObjectKind kind, CancellationToken cancellationToken)
    {
        // count=1 rather than 0: some targets answer count=0 with their default page.
        var response = await transport.SendAsync(HttpMethod.Get, $"{Dialect.PathFor(kind)}?startIndex=1&count=1{ExcludeMembers(kind, "&")}", null, null, cancellationToken);
        if (response.Status != 200)
        {
            throw ScimErrors.From(response);
        }

        return (response.Body as JsonObject)?[ScimAttributeNames.TotalResults] is JsonValue t && t.TryGetValue<int>(out var total) ? total : null;
    }

    public async Task<TargetSnapshot?> SnapshotAsync(ObjectKind kind, IReadOnlyCollection<string> matchingAttributes, CancellationToken cancellationToken)
    {
        // An attribute the target cannot filter on stays out: FindAsync then gives its own error for it.
        var columns = matchingAttributes
            .Select(a => (Attribute: a, Path: ScimPath.Parse(a)))
            .Where(c => kind != ObjectKind.User || Dialect.SupportsExternalIdFilter || !c.Path.Attribute.Equals(ScimAttributeNames.ExternalId, StringComparison.OrdinalIgnoreCase))
            .Select(c => (c.Attribute, Comparison(c.Path) == StringComparison.Ordinal ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase,
                (Func<JsonObject, string?>)(r => ScimPath.ScalarText(c.Path.Read(r)))))
            .ToList();
        var snapshot = new TargetSnapshot(columns);
        await foreach (var found in ListAsync(kind, cancellationToken))
        {
            snapshot.Add(found);
        }

        return snapshot;
    }

    public async Task<TargetObject?> GetAsync(ObjectKind kind, string id, CancellationToken cancellationToken)
    {
        var response = await transport.SendAsync(HttpMethod.Get, $"{ResourcePath(kind, id)}{ExcludeMembers(kind, "?")}", null, null, cancellationToken);
        return response.Status switch
        {
            200 => Track(kind, ToTargetObject(AsResource(response), response), response.ETag),
            404 => null,
            _ => throw ScimErrors.From(response),
        };
    }

    public async Task<TargetObject> CreateAsync(ObjectKind kind, IReadOnlyDictionary<string, JsonNode?> attributes, MatchingKey matchingAttribute, CancellationToken cancellationToken)
    {
        var body = writer.BuildResource(kind, attributes);
        var ambiguous = false;
        for (var round = 0; ; round++)
        {
            TargetResponse response;
            try
            {
                response = await transport.SendAsync(HttpMethod.Post, Dialect.PathFor(kind), body, null, cancellationToken);
            }
            catch (AmbiguousWriteException e)
            {
                // The target may have created the object before failing: look before sending it again.
                if (await FindExistingAsync(kind, matchingAttribute, e.Failure, cancellationToken) is { } existing)
                {
                    return existing;
                }

                if (round >= options.MaxRetries)
                {
                    throw e.Failure;
                }

                ambiguous = true;
                await Task.Delay(transport.Backoff(round), options.Time, cancellationToken);
                continue;
            }

            if (response.Status is 200 or 201)
            {
                return Track(kind, ToTargetObject(AsResource(response), response), response.ETag);
            }

            var failure = ScimErrors.From(response);
            if (ambiguous && failure.ErrorCode == "Conflict" && await FindExistingAsync(kind, matchingAttribute, failure, cancellationToken) is { } created)
            {
                return created;
            }

            throw failure;
        }
    }

    public Task UpdateAsync(ObjectKind kind, string id, IReadOnlyDictionary<string, JsonNode?> changes, CancellationToken cancellationToken) =>
        UpdateAsync(kind, id, changes, null, cancellationToken);

    // SCIM 1.1's PATCH merges a multi-valued attribute's values already: added values need nothing of their own there.
    public async Task UpdateAsync(ObjectKind kind, string id, IReadOnlyDictionary<string, JsonNode?> changes, IReadOnlySet<string>? added,
        CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        try
        {
            await PatchAsync(kind, id, PatchBody(() => writer.BuildPatch(changes, added), () => scim11.BuildPatch(kind, changes)), cancellationToken);
        }
        catch (TargetException e) when (e.ErrorCode == "SchemaAttributeNotFound" && Dialect.SchemaVersion != ScimVersion.Scim11
            && changes.Any(c => c.Value is not null && ScimPath.Parse(c.Key).FilterAttribute is not null))
        {
            // A value for an element the account lacks (its first work email, or an account matched or linked rather than
            // created): the replace selected nothing. Read the account once and send such values as new elements.
            var current = await GetAsync(kind, id, cancellationToken) ?? throw NotFound(kind, id, "update");
            if (!changes.Any(c => c.Value is not null && ScimPath.Parse(c.Key) is { FilterAttribute: not null } path && !path.SelectsElementOf(current.Resource)))
            {
                throw;
            }

            await PatchAsync(kind, id, JsonSerializer.SerializeToNode(writer.BuildPatch(changes, added, current.Resource))!, cancellationToken);
        }
    }

    public async Task DisableAsync(ObjectKind kind, string id, CancellationToken cancellationToken)
    {
        // Groups have no soft delete in SCIM; taking one out of scope deletes it, as Entra does.
        if (kind == ObjectKind.Group || Dialect.Disable == DisableMethod.Delete)
        {
            await DeleteAsync(kind, id, cancellationToken);
            return;
        }

        if (Dialect.Disable == DisableMethod.PatchActive)
        {
            await PatchAsync(kind, id, PatchBody(writer.BuildDisable, scim11.BuildDisable), cancellationToken);
            return;
        }

        var current = await GetAsync(kind, id, cancellationToken) ?? throw NotFound(kind, id, "disable");
        var resource = (JsonObject)current.Resource.DeepClone();
        resource.Remove(ScimAttributeNames.Meta);
        resource[ScimAttributeNames.Active] = false;
        var response = await transport.SendAsync(HttpMethod.Put, ResourcePath(kind, id), resource, IfMatch(kind, id), cancellationToken);
        Expect(response, kind, id, "disable");
    }

    public async Task DeleteAsync(ObjectKind kind, string id, CancellationToken cancellationToken)
    {
        var response = await transport.SendAsync(HttpMethod.Delete, ResourcePath(kind, id), null, null, cancellationToken);
        if (response.Status is not (200 or 204 or 404))
        {
            throw ScimErrors.From(response);
        }

        etags.TryRemove(Key(kind, id), out _);
    }

    public async Task AddMembersAsync(string groupId, IReadOnlyList<string> memberIds, CancellationToken cancellationToken)
    {
        foreach (var batch in memberIds.Chunk(Math.Max(1, Dialect.MaxMembersPerPatch)))
        {
            await PatchAsync(ObjectKind.Group, groupId, PatchBody(() => writer.BuildAddMembers(batch), () => scim11.BuildAddMembers(batch)), cancellationToken);
        }
    }

    public async Task RemoveMembersAsync(string groupId, IReadOnlyList<string> memberIds, CancellationToken cancellationToken)
    {
        foreach (var batch in memberIds.Chunk(Math.Max(1, Dialect.MaxMembersPerPatch)))
        {
            await PatchAsync(ObjectKind.Group, groupId, PatchBody(() => writer.BuildRemoveMembers(batch), () => scim11.BuildRemoveMembers(batch)), cancellationToken);
        }
    }

    public async Task<ConnectionTestResult> TestConnectionAsync(CancellationToken cancellationToken)
    {
        var probe = Guid.NewGuid().ToString();
        var name = $"Entra probe: GET {Dialect.UsersPath}?filter=userName eq \"<random guid>\"";
        try
        {
            var response = await transport.SendAsync(HttpMethod.Get,
                $"{Dialect.UsersPath}?filter={Uri.EscapeDataString(ScimFilter.Equal(ScimAttributeNames.UserName, probe))}", null, null, cancellationToken);
            if (response.Status != 200)
            {
                var failure = ScimErrors.From(response);
                var words = failure.IsCredentialFailure ? "The target refused the credentials. " : "";
                return Failed(name, $"{words}{failure.Message} {failure.RecommendedAction}") with { CredentialsRejected = failure.IsCredentialFailure };
            }

            var found = ReadList(response).Count;
            return found == 0
                ? new ConnectionTestResult(true, "The target answered 200 with an empty ListResponse; the endpoint and credentials are valid.",
                    [new ConformanceCheck(name, true, "200 with an empty ListResponse")])
                : Failed(name, $"The target returned {found} users for a userName that cannot exist; it probably ignores filters, which breaks matching.");
        }
        catch (TargetException e)
        {
            var words = e.IsCredentialFailure && !e.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase) ? "The target refused the credentials. " : "";
            return Failed(name, $"{words}{e.Message} {e.RecommendedAction}") with { CredentialsRejected = e.IsCredentialFailure };
        }
    }

    /// <summary>Every object of a kind, page by page (RFC 7644 § 3.4.2.4), capped at the dialect's page size.</summary>
    public async IAsyncEnumerable<TargetObject> ListAsync(ObjectKind kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var start = 1;
        var pageSize = Math.Max(1, Dialect.MaxPageSize);
        for (var page = 0; page < 100_000; page++)
        {
            var response = await transport.SendAsync(HttpMethod.Get,
                $"{Dialect.PathFor(kind)}?startIndex={start}&count={pageSize}{ExcludeMembers(kind, "&")}", null, null, cancellationToken);
            if (response.Status != 200)
            {
                throw ScimErrors.From(response);
            }

            var resources = ReadList(response);
            foreach (var resource in resources)
            {
                yield return ToTargetObject(resource, response);
            }

            var total = (response.Body as JsonObject)?[ScimAttributeNames.TotalResults] is JsonValue t && t.TryGetValue<int>(out var n) ? n : 0;
            start += resources.Count;
            if (resources.Count == 0 || start > total)
            {
                yield break;
            }
        }
    }

    public async Task<IReadOnlyList<string>?> AttributePathsAsync(ObjectKind kind, CancellationToken cancellationToken)
    {
        if (Dialect.SchemaVersion == ScimVersion.Scim11)
        {
            return null; // SCIM 1.1 describes its schemas in another shape
        }

        var schemas = await GetDocumentAsync(Dialect.SchemasPath, cancellationToken);
        JsonNode? resourceTypes = null;
        try
        {
            resourceTypes = await GetDocumentAsync(Dialect.ResourceTypesPath, cancellationToken);
        }
        catch (TargetException e) when (!e.IsCredentialFailure)
        {
            // Optional: without it, the schemas' ids say which belong to users and groups.
        }

        return ScimSchemaPaths.Of(schemas, resourceTypes, kind, Dialect.CoreSchema(kind));
    }

    /// <summary>A discovery document (ServiceProviderConfig, Schemas) as the target returns it.</summary>
    internal async Task<JsonNode> GetDocumentAsync(string path, CancellationToken cancellationToken)
    {
        var response = await transport.SendAsync(HttpMethod.Get, path, null, null, cancellationToken);
        return response.Status == 200 && response.Body is not null ? response.Body : throw ScimErrors.From(response);
    }

    public async Task<IReadOnlyList<string>?> MembersAsync(string groupId, CancellationToken cancellationToken)
    {
        var response = await transport.SendAsync(HttpMethod.Get, ResourcePath(ObjectKind.Group, groupId), null, null, cancellationToken);
        if (response.Status != 200)
        {
            throw ScimErrors.From(response);
        }

        return ScimPath.Child(AsResource(response), ScimAttributeNames.Members) is JsonArray members
            ? members.OfType<JsonObject>().Select(m => ScimPath.ScalarText(m[ScimAttributeNames.Value]) ?? "").ToList()
            : Dialect.GroupGetReturnsMembers ? [] : null;
    }

    /// <summary>A PatchOp message for SCIM 2.0 targets, a partial resource for SCIM 1.1 ones.</summary>
    private JsonNode PatchBody(Func<ScimPatchRequest> rfc, Func<JsonObject> partial) =>
        Dialect.SchemaVersion == ScimVersion.Scim11 ? partial() : JsonSerializer.SerializeToNode(rfc())!;

    private async Task PatchAsync(ObjectKind kind, string id, JsonNode body, CancellationToken cancellationToken)
    {
        var response = await transport.SendAsync(HttpMethod.Patch, ResourcePath(kind, id), body, IfMatch(kind, id), cancellationToken);
        if (response.Status == 412)
        {
            // Someone changed the object since we read it: read the current version once and apply the change to it.
            _ = await GetAsync(kind, id, cancellationToken) ?? throw NotFound(kind, id, "update");
            response = await transport.SendAsync(HttpMethod.Patch, ResourcePath(kind, id), body, IfMatch(kind, id), cancellationToken);
        }

        Expect(response, kind, id, "update");
    }

    // userName per the dialect, displayName and value-filtered paths (emails[type eq "work"].value) ignore case; ids do not.
    private StringComparison Comparison(ScimPath path) =>
        path.Attribute.Equals(ScimAttributeNames.UserName, StringComparison.OrdinalIgnoreCase) && !Dialect.UserNameCaseSensitive
        || path.FilterAttribute is not null || path.Attribute.Equals(ScimAttributeNames.DisplayName, StringComparison.OrdinalIgnoreCase)
            ? StringComparison.OrdinalIgnoreCase
            : StringComparison.Ordinal;

    private void Expect(TargetResponse response, ObjectKind kind, string id, string action)
    {
        switch (response.Status)
        {
            case 200 or 204:
                var version = response.ETag ?? VersionOf(response.Body as JsonObject);
                if (version is not null)
                {
                    etags[Key(kind, id)] = version;
                }
                else
                {
                    etags.TryRemove(Key(kind, id), out _);
                }

                return;
            case 404:
                throw NotFound(kind, id, action);
            default:
                throw ScimErrors.From(response);
        }
    }

    private TargetException NotFound(ObjectKind kind, string id, string action)
    {
        // Only users: a group created again would lose the memberships the link store records as exported.
        var recreate = Dialect.OnUpdateNotFound == UpdateNotFoundPolicy.Recreate && action == "update" && kind == ObjectKind.User;
        return new TargetException(
            "InvalidAnchor",
            $"Cannot {action} {kind.ToString().ToLowerInvariant()} '{id}': it no longer exists in the target (HTTP 404); it was probably deleted there outside the portal.",
            recreate
                ? "The object is created again with all mapped attributes and the link is moved to the new target object."
                : "Restart provisioning with 'clear current state' so the object is matched or created again, "
                    + "or set the dialect profile's 404-on-update policy (onUpdateNotFound) to Recreate to create such objects again automatically.",
            404,
            recreateWanted: recreate);
    }

    private async Task<TargetObject?> FindExistingAsync(ObjectKind kind, MatchingKey key, TargetException failure, CancellationToken cancellationToken)
    {
        IReadOnlyList<TargetObject> found;
        try
        {
            found = await FindAsync(kind, key.Attribute, key.Value, cancellationToken);
        }
        catch (TargetException)
        {
            // Without a look-up a retry could create a second object; leave the create to the next cycle.
            throw failure;
        }

        return found.Count switch
        {
            0 => null,
            1 => found[0],
            _ => throw new TargetException("DuplicateTargetEntries",
                $"{found.Count} objects in the target match {key.Attribute} eq \"{key.Value}\".", "Remove the duplicates in the target, then retry."),
        };
    }

    private IReadOnlyList<JsonObject> ReadList(TargetResponse response)
    {
        if (response.Body is not JsonObject list)
        {
            throw ScimErrors.Incompatible(response.Request, "the answer is not a SCIM ListResponse object.");
        }

        var resources = ScimPath.Child(list, ScimAttributeNames.Resources);
        if (resources is null)
        {
            var total = ScimPath.Child(list, ScimAttributeNames.TotalResults);
            return total is JsonValue v && v.TryGetValue<int>(out var n) && n == 0
                ? []
                : throw ScimErrors.Incompatible(response.Request, "the ListResponse has neither Resources nor totalResults 0.");
        }

        if (resources is not JsonArray array || array.Any(r => r is not JsonObject))
        {
            throw ScimErrors.Incompatible(response.Request, "Resources in the ListResponse is not an array of objects.");
        }

        return array.Cast<JsonObject>().ToList();
    }

    private static JsonObject AsResource(TargetResponse response) =>
        response.Body as JsonObject ?? throw ScimErrors.Incompatible(response.Request, "the answer has no SCIM resource in its body.");

    private static TargetObject ToTargetObject(JsonObject resource, TargetResponse response)
    {
        if (ScimPath.ScalarText(ScimPath.Child(resource, ScimAttributeNames.Id)) is not { Length: > 0 } id)
        {
            throw ScimErrors.Incompatible(response.Request, $"a returned resource has no id: {TargetTransport.Excerpt(resource.ToJsonString())}");
        }

        if (id.Length > LinkedObject.MaxIdLength)
        {
            // Refused here, so the one object fails with a reason instead of the batch of links it would be written with.
            throw ScimErrors.Incompatible(response.Request,
                $"a returned resource's id is {id.Length} characters long; ids of up to {LinkedObject.MaxIdLength} are kept: {TargetTransport.Excerpt(id)}");
        }

        var display = ScimPath.ScalarText(ScimPath.Child(resource, ScimAttributeNames.DisplayName))
            ?? ScimPath.ScalarText(ScimPath.Child(resource, ScimAttributeNames.UserName));
        bool? active = ScimPath.Child(resource, ScimAttributeNames.Active) switch
        {
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            JsonValue v when bool.TryParse(ScimPath.ScalarText(v), out var parsed) => parsed,
            _ => null,
        };
        // A resource of a list is a child of the answer's array and is copied out; a single answer's body is its own.
        return new TargetObject(id, display, active, resource.Parent is null ? resource : (JsonObject)resource.DeepClone());
    }

    private TargetObject Track(ObjectKind kind, TargetObject target, string? etag = null)
    {
        var version = etag ?? VersionOf(target.Resource);
        if (version is not null)
        {
            etags[Key(kind, target.Id)] = version;
        }

        return target;
    }

    // meta.version, if the target sent a meta object at all (a hostile answer may make meta anything).
    private static string? VersionOf(JsonObject? resource) =>
        resource is not null && ScimPath.Child(resource, ScimAttributeNames.Meta) is JsonObject meta ? ScimPath.ScalarText(ScimPath.Child(meta, ScimAttributeNames.Version)) : null;

    private string? IfMatch(ObjectKind kind, string id) => Dialect.UseETags && etags.TryGetValue(Key(kind, id), out var v) ? v : null;

    private static string Key(ObjectKind kind, string id) => $"{kind}:{id}";

    private string ResourcePath(ObjectKind kind, string id) => $"{Dialect.PathFor(kind)}/{Uri.EscapeDataString(id)}";

    private string ExcludeMembers(ObjectKind kind, string separator) =>
        kind == ObjectKind.Group && Dialect.GroupGetReturnsMembers ? $"{separator}excludedAttributes=members" : "";

    private static ConnectionTestResult Failed(string name, string detail) => new(false, detail, [new ConformanceCheck(name, false, detail)]);
}
