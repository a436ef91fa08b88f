namespace Portal.Provisioning.Scope;

/// <summary>
/// Whether one object is in provisioning scope, and why. <see cref="InputFiltered"/> objects are left alone: not
/// provisioned, and not deprovisioned either (inputFilterGroups). <see cref="Details"/> uses the keys Entra shows
/// in provision-on-demand (IsActive, Assigned, ScopeSyncAll, IsEffectivelyEntitledForProvisioning, ...).
/// <see cref="Error"/>: scope could not be decided (a broken scoping filter); the object fails and nothing is changed.
/// <see cref="Released"/>: a tenant admin stopped the job managing it; left alone as input-filtered objects are, and unlinked.
/// </summary>
public sealed record ScopeDecision(bool InScope, bool InputFiltered, string Reason, IReadOnlyDictionary<string, string> Details, string? Error = null,
    bool Released = false);
