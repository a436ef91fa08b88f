namespace Portal.Provisioning.Scope;

/// <summary>
/// Whether one object is in provisioning scope, and why. <see cref="InputFiltered"/> objects are left alone: not
/// provisioned, and not deprovisioned either (inputFilterGroups). <see cref="Details"/> uses the keys Entra shows
/// in provision-on-demand (IsActive, Assigned, ScopeSyncAll, IsEffectivelyEntitledForProvisioning, ...).
/// </summary>
public sealed record ScopeDecision(bool InScope, bool InputFiltered, string Reason, IReadOnlyDictionary<string, string> Details);
