using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Reconciliation;

namespace Portal.Web.Features.Provisioning;

/// <summary>
/// The engine actions the UI triggers. The engine work provides the real implementation; until it is registered the
/// UI shows <see cref="PendingProvisioningActions"/>'s explanation instead of pretending the action ran.
/// </summary>
public interface IProvisioningActions
{
    /// <summary>Starts a cycle now (initial when the job never ran).</summary>
    Task<ActionOutcome> StartCycleAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Restart: lifts the quarantine, clears what <paramref name="reset"/> names (by default the watermark and the
    /// escrows: a new initial cycle, links kept) and starts a cycle.
    /// </summary>
    Task<ActionOutcome> RestartAsync(Guid jobId, RestartScope reset = RestartScope.Default, CancellationToken cancellationToken = default);

    /// <summary>Executes the deletions held by the accidental-deletion threshold.</summary>
    Task<ActionOutcome> AllowDeletesAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Provisions one user or group now and reports each step with old and new values. For a group, the chosen members
    /// (five at most) go with it; with none chosen, its first five. With <paramref name="preview"/>, the same steps
    /// run up to the export and nothing is written: what provisioning would do, or why the object is left alone.
    /// </summary>
    Task<OnDemandOutcome> ProvisionOnDemandAsync(Guid jobId, ObjectKind kind, string sourceId, IReadOnlyList<string>? memberIds = null,
        CancellationToken cancellationToken = default, bool preview = false);

    /// <summary>
    /// Provisions the chosen users now (up to <see cref="ProvisioningEngine.OnDemandMaxUsers"/>), each as a cycle
    /// would, and reports each one's outcome in a line; one user gets the steps as above, and its line. <paramref name="preview"/> as above.
    /// </summary>
    Task<OnDemandOutcome> ProvisionUsersOnDemandAsync(Guid jobId, IReadOnlyList<string> userIds, CancellationToken cancellationToken = default,
        bool preview = false);

    /// <summary>Plans a cycle without exporting: the changes to review.</summary>
    Task<DryRunOutcome> DryRunAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// A dry run with <paramref name="draft"/> (an object mapping, the scope or the role requirements, as edited and not yet saved) in place of
    /// the saved settings: what saving it would change in the target, object by object. Nothing is saved or exported.
    /// </summary>
    Task<DryRunOutcome> PreviewAsync(Guid jobId, JobDraft draft, CancellationToken cancellationToken = default);

    /// <summary>
    /// Compares the target's objects with the links: missing, unmanaged and edited in the target. Reads only. The lists
    /// hold the first <see cref="ReconciliationSection.MaxListed"/> entries each, or every one with <paramref name="everything"/> (an export).
    /// </summary>
    Task<ReconciliationOutcome> ReconcileAsync(Guid jobId, bool everything = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts edited or missing objects back as the directory has them (tenant admins only; at most
    /// <see cref="ProvisioningEngine.MaxRepairObjects"/> at a time), each run as provision on demand runs.
    /// </summary>
    Task<RepairOutcome> RepairAsync(Guid jobId, IReadOnlyList<RepairRequest> objects, CancellationToken cancellationToken = default);

    /// <summary>
    /// Links a user or group of the directory to an account of the target an admin chose (tenant admins only), then
    /// provisions it on demand: the account keeps its id and gets the directory's values (see <see cref="ProvisioningEngine.LinkAsync"/>).
    /// </summary>
    Task<RepairOutcome> LinkAsync(Guid jobId, ObjectKind kind, string sourceId, string targetId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The target's accounts of these ids (at most <see cref="ProvisioningEngine.MaxTargetObjects"/>) with name and state:
    /// those a duplicate match found, to choose the one to link. Reads only.
    /// </summary>
    Task<TargetAccountsOutcome> TargetAccountsAsync(Guid jobId, ObjectKind kind, IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Provisions the given objects of one job now, as a cycle would (at most <see cref="ProvisioningEngine.MaxRepairObjects"/>):
    /// the failures inbox's retry of a reason's objects. Help desk may, as they may retry one.
    /// </summary>
    Task<RetryOutcome> RetryAsync(Guid jobId, IReadOnlyList<(ObjectKind Kind, string SourceId)> objects, CancellationToken cancellationToken = default);

    /// <summary>The cycle an undo would put back now (the latest that changed the target and is not undone), or null.</summary>
    Task<UndoPlan?> UndoPlanAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Undoes <paramref name="cycleId"/> (tenant admins only; it must be the cycle <see cref="UndoPlanAsync"/> names):
    /// switches the job Off, so no cycle makes the same changes again, and queues the undo, which waits for a running cycle.
    /// </summary>
    Task<ActionOutcome> UndoCycleAsync(Guid jobId, Guid cycleId, CancellationToken cancellationToken = default);
}

public sealed record ActionOutcome(bool Succeeded, string Message);

/// <summary>A provisioning step as the UI shows it.</summary>
/// <param name="Name">The step's name (EntryImport, EntrySynchronizationScoping, …).</param>
/// <param name="Status">Success, Skipped, Failure or Warning.</param>
/// <param name="Description">What happened, in a sentence.</param>
/// <param name="Details">What the step weighed, as Entra's "View details" shows it (the matching attributes tried, the scoping clauses).</param>
public sealed record ProvisioningStepView(string Name, string Status, string? Description, IReadOnlyDictionary<string, string>? Details = null);

public sealed record ModifiedPropertyView(string Name, string? OldValue, string? NewValue);

public sealed record OnDemandOutcome(
    bool Succeeded,
    string Message,
    string? Action,
    IReadOnlyList<ProvisioningStepView> Steps,
    IReadOnlyList<ModifiedPropertyView> ModifiedProperties)
{
    /// <summary>
    /// For a group: what happened to each member provisioned with it (up to five), as Entra lists them; for several users
    /// provisioned at once, what happened to each.
    /// </summary>
    public IReadOnlyList<OnDemandMemberView> Members { get; init; } = [];
}

public sealed record OnDemandMemberView(string SourceId, string? DisplayName, string Action, string Status, string Reason);

public sealed record PlannedChangeView(ObjectKind Kind, string SourceId, string? DisplayName, string Action, IReadOnlyList<ModifiedPropertyView> Changes);

public sealed record ReconciliationOutcome(bool Succeeded, string Message, ReconciliationReport? Report);

/// <summary>How many of the retried objects now succeeded and how many still fail.</summary>
public sealed record RetryOutcome(bool Succeeded, string Message, int Retried, int StillFailing);

/// <summary>What happened to each object put back.</summary>
public sealed record RepairOutcome(bool Succeeded, string Message, IReadOnlyList<OnDemandMemberView> Objects)
{
    /// <summary>Refused before anything ran (the role, the limit, a link that cannot be made): nothing was written.</summary>
    public bool Refused => !Succeeded && Objects.Count == 0;
}

public sealed record TargetAccountsOutcome(bool Succeeded, string? Problem, IReadOnlyList<UnmanagedObject> Accounts);

public sealed record DryRunOutcome(bool Succeeded, string Message, IReadOnlyList<PlannedChangeView> Changes);
