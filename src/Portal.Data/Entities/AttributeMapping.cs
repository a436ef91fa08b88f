namespace Portal.Data.Entities;

public enum MappingType { Direct, Constant, Expression, None }

/// <summary>Graph flowType: when the mapping is applied.</summary>
public enum ApplyMapping { Always, ObjectAddOnly }

/// <summary>How one target attribute gets its value (reference §2.2).</summary>
public sealed class AttributeMapping : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ObjectMappingId { get; set; }
    public required string TargetAttribute { get; set; }
    public MappingType Type { get; set; } = MappingType.Direct;

    /// <summary>Source attribute name (Direct), the constant (Constant) or the expression text (Expression).</summary>
    public string? Source { get; set; }

    /// <summary>Sent on create only, when the source yields no value.</summary>
    public string? DefaultValue { get; set; }

    public ApplyMapping Apply { get; set; } = ApplyMapping.Always;
    public bool IsMatching { get; set; }

    /// <summary>Lowest first; only meaningful when <see cref="IsMatching"/>.</summary>
    public int MatchingPrecedence { get; set; }

    /// <summary>Entra never sends nulls; opting in clears the target value when the source value is removed.</summary>
    public bool ClearWhenSourceRemoved { get; set; }

    public int Order { get; set; }
}
