namespace Portal.Data.Entities;

/// <summary>A configuration change or admin sign-in: who, when, what changed. Secrets appear only as "changed".</summary>
public sealed class AuditEvent : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public required string ActorId { get; set; }
    public string? ActorName { get; set; }

    /// <summary>Entra's activity words, e.g. "Update provisioning setting or credentials".</summary>
    public required string Activity { get; set; }

    public string? TargetType { get; set; }
    public string? TargetId { get; set; }

    /// <summary>Property changes as JSON: [{ name, oldValue, newValue }].</summary>
    public string? ChangesJson { get; set; }
}
