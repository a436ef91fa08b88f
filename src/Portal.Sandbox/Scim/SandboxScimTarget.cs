using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Portal.Sandbox.Scim;

/// <summary>
/// The state of one sandbox SCIM target: users and groups in memory (one lock, so it is thread-safe), issued tokens,
/// faults and the request log. The inspection API and tests read it directly.
/// </summary>
public sealed class SandboxScimTarget(SandboxScimOptions options, TimeProvider? time = null)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, JsonObject> users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> tokens = new(StringComparer.Ordinal);
    private readonly SandboxScimIndex userIndex = new();
    private readonly SandboxScimIndex groupIndex = new();
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> clientSecretPlacements = new();
    private long version;
    private int tokensIssued;
    private int requestsInFlight;
    private int peakRequestsInFlight;

    public SandboxScimOptions Options { get; } = options;
    public SandboxScimFaults Faults { get; } = new();
    public SandboxScimRequestLog Requests { get; } = new(options.RequestLogSize);

    /// <summary>How many tokens the token endpoint issued (tests count refreshes with it).</summary>
    public int TokensIssued => Volatile.Read(ref tokensIssued);

    /// <summary>Where each client-credentials token request carried the client secret: Header, Body, Both or None.</summary>
    public IReadOnlyList<string> ClientSecretPlacements => clientSecretPlacements.ToArray();

    public IReadOnlyList<JsonObject> Users => Snapshot(users);
    public IReadOnlyList<JsonObject> Groups => Snapshot(groups);

    /// <summary>The most SCIM requests the target was handling at one time (tests check a client's parallelism with it).</summary>
    public int PeakRequestsInFlight => Volatile.Read(ref peakRequestsInFlight);

    /// <summary>A SCIM request arrived; disposing the result marks it answered.</summary>
    internal RequestInFlight Arrive()
    {
        var now = Interlocked.Increment(ref requestsInFlight);
        for (var peak = Volatile.Read(ref peakRequestsInFlight); now > peak; peak = Volatile.Read(ref peakRequestsInFlight))
        {
            if (Interlocked.CompareExchange(ref peakRequestsInFlight, now, peak) == peak)
            {
                break;
            }
        }

        return new RequestInFlight(this);
    }

    internal readonly struct RequestInFlight(SandboxScimTarget target) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref target.requestsInFlight);
    }

    /// <summary>Waits out <see cref="SandboxScimOptions.Latency"/> on the target's clock before a request is handled.</summary>
    internal Task LatencyAsync(CancellationToken cancellationToken) =>
        Options.Latency > TimeSpan.Zero ? Task.Delay(Options.Latency, time, cancellationToken) : Task.CompletedTask;

    public void RevokeTokens()
    {
        lock (gate)
        {
            tokens.Clear();
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            users.Clear();
            groups.Clear();
            userIndex.Clear();
            groupIndex.Clear();
            tokens.Clear();
        }

        Faults.Clear();
        Requests.Clear();
        clientSecretPlacements.Clear();
    }

    /// <summary>Deletes an account as someone editing the target by hand would, behind the provisioning's back.</summary>
    public void DeleteUser(string id) => Delete(SandboxResourceKind.User, id, ifMatch: null);

    /// <summary>Suspends or activates an account by hand, behind the provisioning's back.</summary>
    public void SetUserActive(string id, bool active) => Change(SandboxResourceKind.User, id, null, current =>
    {
        var next = (JsonObject)current.DeepClone();
        next["active"] = active;
        return next;
    });

    internal void RecordClientSecretPlacement(string placement) => clientSecretPlacements.Enqueue(placement);

    internal (string Token, int Lifetime) IssueToken()
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        lock (gate)
        {
            tokens[token] = time.GetUtcNow() + Options.TokenLifetime;
        }

        Interlocked.Increment(ref tokensIssued);
        return (token, (int)Options.TokenLifetime.TotalSeconds);
    }

    internal bool IsValidToken(string token)
    {
        if (token == Options.BearerToken)
        {
            return true;
        }

        lock (gate)
        {
            return tokens.TryGetValue(token, out var expires) && expires > time.GetUtcNow();
        }
    }

    internal JsonObject Create(SandboxResourceKind kind, JsonNode? body, string baseUrl)
    {
        var resource = body as JsonObject ?? throw new SandboxScimException(400, "invalidSyntax", "The body must be a SCIM resource object.");
        resource = (JsonObject)resource.DeepClone();
        lock (gate)
        {
            var id = NewId();
            resource["id"] = id;
            Validate(kind, resource, exceptId: null);
            var now = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            resource["meta"] = new JsonObject { ["resourceType"] = kind.ToString(), ["created"] = now, ["location"] = $"{baseUrl}/{Segment(kind)}/{id}" };
            Stamp(resource);
            Store(kind)[id] = resource;
            Index(kind).Add(id, resource);
            return (JsonObject)resource.DeepClone();
        }
    }

    internal JsonObject? Get(SandboxResourceKind kind, string id)
    {
        lock (gate)
        {
            return Store(kind).TryGetValue(id, out var resource) ? (JsonObject)resource.DeepClone() : null;
        }
    }

    /// <summary>A page of the resources the filter keeps; with <paramref name="equality"/> (the filter is exactly <c>attribute eq "value"</c>) only the index's candidates are tested.</summary>
    internal (IReadOnlyList<JsonObject> Page, int Total) Query(SandboxResourceKind kind, Func<JsonObject, bool> filter, int startIndex, int count,
        (string Attribute, string Value)? equality = null)
    {
        lock (gate)
        {
            var store = Store(kind);
            var scanned = equality is { } e && SandboxScimIndex.Covers(e.Attribute)
                ? Index(kind).Candidates(e.Attribute, e.Value).Distinct().Select(id => store[id])
                : store.Values;
            var all = scanned.Where(filter).ToList();
            var page = all.Skip(Math.Max(0, startIndex - 1)).Take(Math.Max(0, count)).Select(r => (JsonObject)r.DeepClone()).ToList();
            return (page, all.Count);
        }
    }

    internal JsonObject Replace(SandboxResourceKind kind, string id, JsonNode? body, string? ifMatch)
    {
        var replacement = body as JsonObject ?? throw new SandboxScimException(400, "invalidSyntax", "The body must be a SCIM resource object.");
        return Change(kind, id, ifMatch, current =>
        {
            var next = (JsonObject)replacement.DeepClone();
            next["id"] = id;
            next["meta"] = current["meta"]!.DeepClone();
            return next;
        });
    }

    internal JsonObject Patch(SandboxResourceKind kind, string id, JsonNode? body, string? ifMatch) =>
        Change(kind, id, ifMatch, current =>
        {
            var next = (JsonObject)current.DeepClone();
            if (Options.Mode == SandboxScimMode.Scim11)
            {
                SandboxScim11Patch.Apply(next, body);
            }
            else
            {
                SandboxScimPatch.Apply(next, body, Options.Mode);
            }

            return next;
        });

    internal void Delete(SandboxResourceKind kind, string id, string? ifMatch)
    {
        lock (gate)
        {
            var current = Existing(kind, id);
            CheckVersion(current, ifMatch);
            Store(kind).Remove(id);
            Index(kind).Remove(id, current);
            if (kind == SandboxResourceKind.User)
            {
                foreach (var group in groups.Values)
                {
                    RemoveMember(group, id);
                }
            }
        }
    }

    private JsonObject Change(SandboxResourceKind kind, string id, string? ifMatch, Func<JsonObject, JsonObject> change)
    {
        lock (gate)
        {
            var current = Existing(kind, id);
            CheckVersion(current, ifMatch);
            var next = change(current);
            Validate(kind, next, exceptId: id);
            ((JsonObject)next["meta"]!)["lastModified"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            Stamp(next);
            Store(kind)[id] = next;
            Index(kind).Remove(id, current);
            Index(kind).Add(id, next);
            return (JsonObject)next.DeepClone();
        }
    }

    private void Validate(SandboxResourceKind kind, JsonObject resource, string? exceptId)
    {
        var strict = Options.Mode is SandboxScimMode.Strict or SandboxScimMode.Scim11;
        var core = Options.Mode == SandboxScimMode.Scim11 ? SandboxScimResource.Scim11Core
            : kind == SandboxResourceKind.User ? SandboxScimResource.CoreUser : SandboxScimResource.CoreGroup;
        if (strict && (resource["schemas"] as JsonArray)?.Any(s => s?.ToString() == core) != true)
        {
            throw new SandboxScimException(400, "invalidSyntax", $"schemas must contain {core}.");
        }

        if (kind == SandboxResourceKind.Group)
        {
            ValidateGroup(resource, exceptId);
            return;
        }

        var userName = SandboxScimResource.Child(resource, "userName")?.ToString();
        if (string.IsNullOrWhiteSpace(userName))
        {
            throw new SandboxScimException(400, "invalidValue", "userName is required.");
        }

        if (Options.Mode == SandboxScimMode.GoTo && userName.Length > 128)
        {
            throw new SandboxScimException(400, "invalidValue", "userName must be at most 128 characters.");
        }

        if (SandboxScimResource.Key(resource, "active") is { } activeKey && resource[activeKey] is JsonValue active && !active.TryGetValue<bool>(out _))
        {
            if (strict || !bool.TryParse(active.ToString(), out var parsed))
            {
                throw new SandboxScimException(400, "invalidValue", $"active must be a JSON boolean, not {active.ToJsonString()}.");
            }

            resource[activeKey] = parsed;
        }

        if (userIndex.Candidates("userName", userName).Select(id => users[id])
            .Any(u => u["id"]!.ToString() != exceptId && string.Equals(SandboxScimResource.Child(u, "userName")?.ToString(), userName, StringComparison.OrdinalIgnoreCase)))
        {
            throw new SandboxScimException(409, "uniqueness", $"userName '{userName}' is already in use.");
        }
    }

    private void ValidateGroup(JsonObject resource, string? exceptId)
    {
        var displayName = SandboxScimResource.Child(resource, "displayName")?.ToString();
        if (string.IsNullOrWhiteSpace(displayName))
        {
            throw new SandboxScimException(400, "invalidValue", "displayName is required.");
        }

        if (groupIndex.Candidates("displayName", displayName).Select(id => groups[id])
            .Any(g => g["id"]!.ToString() != exceptId && string.Equals(SandboxScimResource.Child(g, "displayName")?.ToString(), displayName, StringComparison.OrdinalIgnoreCase)))
        {
            throw new SandboxScimException(409, "uniqueness", $"A group named '{displayName}' already exists.");
        }

        var members = (SandboxScimResource.Child(resource, "members") as JsonArray ?? []).ToList();
        if (Options.Mode == SandboxScimMode.GoTo && members.Count > 100)
        {
            throw new SandboxScimException(400, "invalidValue", "A group holds at most 100 members.");
        }

        foreach (var member in members)
        {
            var id = (member as JsonObject)?["value"]?.ToString();
            if (id is null || (!users.ContainsKey(id) && !groups.ContainsKey(id)))
            {
                throw new SandboxScimException(400, "invalidValue", $"Member '{id}' does not exist.");
            }
        }
    }

    private static void RemoveMember(JsonObject group, string id)
    {
        if (SandboxScimResource.Child(group, "members") is JsonArray members)
        {
            foreach (var member in members.OfType<JsonObject>().Where(m => m["value"]?.ToString() == id).ToList())
            {
                members.Remove(member);
            }
        }
    }

    private JsonObject Existing(SandboxResourceKind kind, string id) =>
        Store(kind).TryGetValue(id, out var current) ? current : throw new SandboxScimException(404, null, $"{kind} {id} not found.");

    private static void CheckVersion(JsonObject current, string? ifMatch)
    {
        if (ifMatch is not null && ifMatch != "*" && ifMatch != current["meta"]?["version"]?.ToString())
        {
            throw new SandboxScimException(412, null, $"If-Match {ifMatch} does not match the current version {current["meta"]?["version"]}.");
        }
    }

    private void Stamp(JsonObject resource) =>
        ((JsonObject)resource["meta"]!)["version"] = $"W/\"{Interlocked.Increment(ref version)}\"";

    private string NewId() => Options.Mode == SandboxScimMode.GoTo
        // GoTo keys are ~19-digit numeric strings, beyond JavaScript's safe integers.
        ? (4_000_000_000_000_000_000L + RandomNumberGenerator.GetInt32(int.MaxValue) * 1_000_000_000L + RandomNumberGenerator.GetInt32(1_000_000_000)).ToString(CultureInfo.InvariantCulture)
        : Guid.NewGuid().ToString("N");

    private Dictionary<string, JsonObject> Store(SandboxResourceKind kind) => kind == SandboxResourceKind.User ? users : groups;

    private SandboxScimIndex Index(SandboxResourceKind kind) => kind == SandboxResourceKind.User ? userIndex : groupIndex;

    internal static string Segment(SandboxResourceKind kind) => kind == SandboxResourceKind.User ? "Users" : "Groups";

    private IReadOnlyList<JsonObject> Snapshot(Dictionary<string, JsonObject> store)
    {
        lock (gate)
        {
            return store.Values.Select(r => (JsonObject)r.DeepClone()).ToList();
        }
    }
}
