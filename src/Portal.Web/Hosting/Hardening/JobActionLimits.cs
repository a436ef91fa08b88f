using System.Threading.RateLimiting;

namespace Portal.Web.Hosting.Hardening;

/// <summary>A UI action that calls a tenant's target or directory, limited per provisioning job (or per tenant for its directory).</summary>
public enum LimitedAction
{
    TestConnection,
    ProvisionOnDemand,
    TestDirectoryConnection,
    Reconcile,
}

/// <summary>
/// Per-job rate limits of UI actions that reach a tenant's target or directory. They are Blazor events on a circuit,
/// not HTTP requests, so the limit sits in the services the buttons call; every node limits on its own.
/// </summary>
public sealed class JobActionLimits(HardeningSettings settings) : IDisposable
{
    private readonly PartitionedRateLimiter<(LimitedAction, Guid)> limiter = PartitionedRateLimiter.Create<(LimitedAction, Guid), (LimitedAction, Guid)>(
        key => RateLimitPartition.GetSlidingWindowLimiter(key, k => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = k.Item1 switch
            {
                LimitedAction.ProvisionOnDemand => settings.OnDemandPerWindow,
                LimitedAction.Reconcile => settings.ReconcilePerWindow,
                _ => settings.TestConnectionPerWindow,
            },
            Window = settings.ActionWindow,
            SegmentsPerWindow = 5,
            QueueLimit = 0,
        }));

    /// <summary>
    /// Null when the action may run now; otherwise the message to show instead of running it. <paramref name="scopeId"/>
    /// is the provisioning job, or the tenant for <see cref="LimitedAction.TestDirectoryConnection"/>.
    /// </summary>
    public string? Refusal(LimitedAction action, Guid scopeId)
    {
        using var lease = limiter.AttemptAcquire((action, scopeId));
        if (lease.IsAcquired)
        {
            return null;
        }

        var (what, limit, scope) = action switch
        {
            LimitedAction.ProvisionOnDemand => ("Provision on demand", settings.OnDemandPerWindow, "application"),
            LimitedAction.TestDirectoryConnection => ("Test connection", settings.TestConnectionPerWindow, "directory"),
            LimitedAction.Reconcile => ("Compare with the target", settings.ReconcilePerWindow, "application"),
            _ => ("Test Connection", settings.TestConnectionPerWindow, "application"),
        };
        return $"{what} is limited to {limit} requests per {settings.ActionWindow.TotalSeconds:0.#} seconds for this {scope}. "
            + "Wait a few seconds and try again.";
    }

    public void Dispose() => limiter.Dispose();
}
