using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Reconciliation;

namespace Portal.Web.Features.Provisioning;

/// <summary>SEAM: stands in for the engine until its actions are registered; says so instead of doing nothing silently.</summary>
internal sealed class PendingProvisioningActions : IProvisioningActions
{
    private const string NotInstalled = "The provisioning engine is not installed in this portal yet; nothing was run.";

    public Task<ActionOutcome> StartCycleAsync(Guid jobId, CancellationToken cancellationToken = default) => Refuse();

    public Task<ActionOutcome> RestartAsync(Guid jobId, RestartScope reset = RestartScope.Default, CancellationToken cancellationToken = default) => Refuse();

    public Task<ActionOutcome> AllowDeletesAsync(Guid jobId, CancellationToken cancellationToken = default) => Refuse();

    public Task<OnDemandOutcome> ProvisionOnDemandAsync(Guid jobId, ObjectKind kind, string sourceId, IReadOnlyList<string>? memberIds = null,
        CancellationToken cancellationToken = default, bool preview = false) =>
        Task.FromResult(new OnDemandOutcome(false, NotInstalled, null, [], []));

    public Task<OnDemandOutcome> ProvisionUsersOnDemandAsync(Guid jobId, IReadOnlyList<string> userIds, CancellationToken cancellationToken = default,
        bool preview = false) =>
        Task.FromResult(new OnDemandOutcome(false, NotInstalled, null, [], []));

    public Task<DryRunOutcome> DryRunAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(new DryRunOutcome(false, NotInstalled, []));

    public Task<DryRunOutcome> PreviewAsync(Guid jobId, JobDraft draft, CancellationToken cancellationToken = default) =>
        DryRunAsync(jobId, cancellationToken);

    public Task<ReconciliationOutcome> ReconcileAsync(Guid jobId, bool everything = false, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ReconciliationOutcome(false, NotInstalled, null));

    public Task<RepairOutcome> RepairAsync(Guid jobId, IReadOnlyList<RepairRequest> objects, CancellationToken cancellationToken = default) =>
        Task.FromResult(new RepairOutcome(false, NotInstalled, []));

    public Task<RepairOutcome> LinkAsync(Guid jobId, ObjectKind kind, string sourceId, string targetId, CancellationToken cancellationToken = default) =>
        Task.FromResult(new RepairOutcome(false, NotInstalled, []));

    public Task<TargetAccountsOutcome> TargetAccountsAsync(Guid jobId, ObjectKind kind, IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        Task.FromResult(new TargetAccountsOutcome(false, NotInstalled, []));

    public Task<RetryOutcome> RetryAsync(Guid jobId, IReadOnlyList<(ObjectKind Kind, string SourceId)> objects, CancellationToken cancellationToken = default) =>
        Task.FromResult(new RetryOutcome(false, NotInstalled, 0, objects.Count));

    public Task<UndoPlan?> UndoPlanAsync(Guid jobId, CancellationToken cancellationToken = default) => Task.FromResult<UndoPlan?>(null);

    public Task<ActionOutcome> UndoCycleAsync(Guid jobId, Guid cycleId, CancellationToken cancellationToken = default) => Refuse();

    private static Task<ActionOutcome> Refuse() => Task.FromResult(new ActionOutcome(false, NotInstalled));
}
