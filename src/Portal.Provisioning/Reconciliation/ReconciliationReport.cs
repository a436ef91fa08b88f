using Portal.Data.Entities;

namespace Portal.Provisioning.Reconciliation;

/// <summary>
/// How the target compares with the connector data store: what the portal last exported against what the target holds
/// now, per object kind.
/// </summary>
public sealed record ReconciliationReport(DateTimeOffset ComparedAt, IReadOnlyList<ReconciliationSection> Sections);

/// <summary>
/// One object kind: the counts in full, the lists up to <see cref="MaxListed"/> entries each (unless asked for all). <c>InTarget</c> counts the
/// objects the target listed, <c>Linked</c> the links that name a target object (deleted ones aside); <c>NotCompared</c>
/// names the exported attributes the target returned for none of its objects (write-only ones such as a password), left
/// out of the comparison.
/// </summary>
public sealed record ReconciliationSection(
    ObjectKind Kind,
    int InTarget,
    int Linked,
    int MissingCount,
    int UnmanagedCount,
    int DriftedCount,
    IReadOnlyList<MissingObject> Missing,
    IReadOnlyList<UnmanagedObject> Unmanaged,
    IReadOnlyList<DriftedObject> Drifted,
    IReadOnlyList<string> NotCompared)
{
    public const int MaxListed = 500;

    /// <summary>Linked objects found in the target with the values last exported.</summary>
    public int InStep => Linked - MissingCount - DriftedCount;

    /// <summary>Every listed object to put back: the edited and the missing.</summary>
    public IEnumerable<RepairRequest> Repairs() =>
        Drifted.Select(d => RepairRequest.For(Kind, d)).Concat(Missing.Select(m => RepairRequest.For(Kind, m)));
}

/// <summary>A linked object the target no longer holds (deleted there, or its id changed).</summary>
public sealed record MissingObject(string SourceId, string? DisplayName, string TargetId, LinkState State);

/// <summary>A target object no link names: created there by hand or by another tool, or left by "stop managing".</summary>
public sealed record UnmanagedObject(string TargetId, string? DisplayName, bool? Active);

/// <summary>A linked object whose values in the target differ from those last exported (edited in the target).</summary>
public sealed record DriftedObject(string SourceId, string? DisplayName, string TargetId, IReadOnlyList<DriftedAttribute> Attributes);

/// <param name="Name">The target attribute path, as the mapping names it.</param>
/// <param name="Exported">The value last exported; for <c>active</c> of a disabled link, False.</param>
/// <param name="InTarget">The value the target holds now; null when it holds none.</param>
public sealed record DriftedAttribute(string Name, string? Exported, string? InTarget);

/// <summary>
/// One object to put back as the directory has it: a missing one is matched or created again; of an edited one, the
/// named attributes (those the report showed) are exported again.
/// </summary>
public sealed record RepairRequest(ObjectKind Kind, string SourceId, IReadOnlyList<string> Attributes)
{
    public static RepairRequest For(ObjectKind kind, DriftedObject edited) => new(kind, edited.SourceId, [.. edited.Attributes.Select(a => a.Name)]);

    public static RepairRequest For(ObjectKind kind, MissingObject missing) => new(kind, missing.SourceId, []);
}
