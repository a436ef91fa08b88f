using System.Text.Json;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Web.Identity;

namespace Portal.Web.Audit;

/// <summary>
/// Records configuration changes. The entry is added to the caller's DbContext, so it is saved with the change it
/// describes or not at all; the tenant is the context's tenant.
/// </summary>
public sealed class AuditLog(CurrentUser currentUser, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds an entry by the current user (or the system when nobody is signed in). Null changes are dropped; an entry
    /// whose changes are all null is still written when <paramref name="changes"/> was empty to begin with (an action
    /// such as a sign-in), but not when every field turned out unchanged.
    /// </summary>
    public AuditEvent? Record(PortalDbContext db, string activity, string? targetType, string? targetId, params AuditChange?[] changes) =>
        Record(db, currentUser.User is { } user ? AuditActor.Of(user) : AuditActor.System, activity, targetType, targetId, changes);

    public AuditEvent? Record(PortalDbContext db, AuditActor actor, string activity, string? targetType, string? targetId, params AuditChange?[] changes)
    {
        var real = changes.OfType<AuditChange>().ToList();
        if (changes.Length > 0 && real.Count == 0)
        {
            return null;
        }

        var entry = new AuditEvent
        {
            TenantId = db.TenantId ?? Guid.Empty,
            OccurredAt = time.GetUtcNow(),
            ActorId = actor.Id,
            ActorName = actor.Name,
            Activity = activity,
            TargetType = targetType,
            TargetId = targetId,
            ChangesJson = real.Count == 0 ? null : JsonSerializer.Serialize(real, Json),
        };
        db.AuditEvents.Add(entry);
        return entry;
    }

    public static IReadOnlyList<AuditChange> ReadChanges(AuditEvent entry) =>
        entry.ChangesJson is null ? [] : JsonSerializer.Deserialize<List<AuditChange>>(entry.ChangesJson, Json) ?? [];
}
