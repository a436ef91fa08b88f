namespace Portal.Data.Entities;

public enum ScopingFilterKind
{
    /// <summary>Out of scope means disable (deprovision).</summary>
    Scoping,

    /// <summary>Graph inputFilterGroups: filtered out before scope, never deprovisioned.</summary>
    InputFilter,
}

/// <summary>A named clause group: clauses are AND-ed, the filters of one object mapping are OR-ed.</summary>
public sealed class ScopingFilter : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ObjectMappingId { get; set; }
    public required string Name { get; set; }
    public ScopingFilterKind Kind { get; set; } = ScopingFilterKind.Scoping;
    public List<ScopingFilterClause> Clauses { get; set; } = [];
}

/// <summary>One clause: source attribute, operator name as Entra spells it (e.g. <c>EQUALS</c>, <c>REGEX MATCH</c>), value.</summary>
public sealed class ScopingFilterClause
{
    public required string SourceAttribute { get; set; }
    public required string Operator { get; set; }
    public string? Value { get; set; }
}
