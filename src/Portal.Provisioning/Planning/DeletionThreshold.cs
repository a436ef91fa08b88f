namespace Portal.Provisioning.Planning;

/// <summary>The outcome of the per-cycle deprovisioning guards.</summary>
public sealed record GuardedPlan(IReadOnlyList<PlannedChange> Changes, int Held, bool ThresholdExceeded, int SuppressedForIncompleteSource);

/// <summary>
/// The per-cycle guards before export (reference §1.11 and the design's source-read integrity rule): disables and
/// deletes together above the threshold are held as StagedDelete until the admin allows them; after an incomplete
/// source read no disable or delete is exported at all.
/// </summary>
public static class DeletionThreshold
{
    public static GuardedPlan Apply(IReadOnlyList<PlannedChange> plan, bool preventAccidentalDeletions, int threshold, bool deletionsAllowed, bool sourceComplete)
    {
        var suppressed = 0;
        var changes = plan;
        if (!sourceComplete)
        {
            changes = [.. plan.Select(c => c.IsDeprovisioning ? Suppress(c) : c)];
            suppressed = plan.Count(c => c.IsDeprovisioning);
        }

        var deprovisioning = changes.Count(c => c.IsDeprovisioning);
        var exceeded = preventAccidentalDeletions && !deletionsAllowed && deprovisioning > threshold;
        if (!exceeded)
        {
            return new GuardedPlan(changes, 0, false, suppressed);
        }

        var held = changes.Select(c => c.IsDeprovisioning
            ? c with { Action = ChangeAction.StagedDelete, Reason = $"{c.Reason} Held: {deprovisioning} disables and deletes exceed the deletion threshold of {threshold}." }
            : c).ToList();
        return new GuardedPlan(held, deprovisioning, true, suppressed);
    }

    private static PlannedChange Suppress(PlannedChange change) => change with
    {
        Action = ChangeAction.Skip,
        Reason = $"{change.Reason} Not exported: the source read was incomplete, so no disable or delete is inferred this cycle.",
    };
}
