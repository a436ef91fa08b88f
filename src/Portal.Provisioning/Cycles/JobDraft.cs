using Portal.Data.Entities;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// Settings edited and not yet saved, which a dry run plans with in place of the saved ones, so an admin sees what
/// saving them would do to every account: an object mapping (in place of the saved one of its object type), the job's
/// scope (assigned only, or all users and groups) or the application's role requirements.
/// </summary>
public sealed record JobDraft(ObjectMapping? Mapping = null, ProvisioningScope? Scope = null, IReadOnlyList<string>? RequiredRoles = null);
