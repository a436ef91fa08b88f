namespace Portal.Data.Entities;

public enum LinkState { Active, Disabled, Deleted }

/// <summary>The connector data store: a source object linked to its target object, with what was last exported.</summary>
public sealed class LinkedObject : ITenantOwned
{
    /// <summary>The longest source or target id a link keeps (the columns' length).</summary>
    public const int MaxIdLength = 256;

    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid JobId { get; set; }
    public ObjectKind Kind { get; set; }
    public required string SourceId { get; set; }
    public string? TargetId { get; set; }
    public string? DisplayName { get; set; }
    public LinkState State { get; set; } = LinkState.Active;

    /// <summary>Target attribute values as last exported (JSON object); updates send only what differs.</summary>
    public string? ExportedValuesJson { get; set; }

    /// <summary>Hash of <see cref="ExportedValuesJson"/>; a cheap "already in sync" test.</summary>
    public string? ExportedHash { get; set; }

    public DateTimeOffset? LastExportedAt { get; set; }
}
