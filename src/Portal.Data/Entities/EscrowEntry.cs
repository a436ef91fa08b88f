namespace Portal.Data.Entities;

/// <summary>A failed object change parked for retry with growing back-off (reference §1.9).</summary>
public sealed class EscrowEntry : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid JobId { get; set; }
    public ObjectKind Kind { get; set; }
    public required string SourceId { get; set; }
    public ProvisioningAction Action { get; set; }
    public string? ErrorCode { get; set; }
    public string? Reason { get; set; }

    /// <summary>Manager and group-member failures do not count toward the quarantine proportion.</summary>
    public bool IsReferenceFailure { get; set; }

    public int Attempts { get; set; }
    public DateTimeOffset FirstFailedAt { get; set; }
    public DateTimeOffset LastFailedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
}
