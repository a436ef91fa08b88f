using System.Threading.RateLimiting;

namespace Portal.Web.Hosting.Hardening;

/// <summary>A UI action that calls a tenant's target or directory and is limited per provisioning job.</summary>
public enum LimitedAction
{
    TestConnection,
    ProvisionOnDemand,
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
            PermitLimit = k.Item1 == LimitedAction.TestConnection ? settings.TestConnectionPerWindow : settings.OnDemandPerWindow,
            Window = settings.ActionWindow,
            SegmentsPerWindow = 5,
            QueueLimit = 0,
        }));

    /// <summary>Null when the action may run now; otherwise the message to show instead of running it.</summary>
    public string? Refusal(LimitedAction action, Guid jobId)
    {
        using var lease = limiter.AttemptAcquire((action, jobId));
        if (lease.IsAcquired)
        {
            return null;
        }

        var limit = action == LimitedAction.TestConnection ? settings.TestConnectionPerWindow : settings.OnDemandPerWindow;
        var what = action == LimitedAction.TestConnection ? "Test Connection" : "Provision on demand";
        return $"{what} is limited to {limit} requests per {settings.ActionWindow.TotalSeconds:0.#} seconds for this application. "
            + "Wait a few seconds and try again.";
    }

    public void Dispose() => limiter.Dispose();
}
