namespace Portal.Data.Entities;

/// <summary>One object mapping of a job, e.g. "Provision Microsoft Entra ID Users" (user → urn:...:User).</summary>
public sealed class ObjectMapping : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid JobId { get; set; }
    public required string Name { get; set; }
    public ObjectKind SourceObject { get; set; }
    public required string TargetObjectName { get; set; }
    public bool Enabled { get; set; } = true;

    // Target object actions (Graph flowTypes "Add, Update, Delete").
    public bool AllowCreate { get; set; } = true;
    public bool AllowUpdate { get; set; } = true;
    public bool AllowDelete { get; set; } = true;

    public List<AttributeMapping> AttributeMappings { get; set; } = [];
    public List<ScopingFilter> ScopingFilters { get; set; } = [];
}
