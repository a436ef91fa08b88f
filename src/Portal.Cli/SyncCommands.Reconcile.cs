using System.CommandLine;
using System.Text.Json;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Reconciliation;
using Portal.Provisioning.Targets;

namespace Portal.Cli;

/// <summary>
/// <c>portal sync reconcile --job job.json [--state path] [--repair]</c>: compares the target with the links of the job's
/// state, for drift checks in a pipeline; with <c>--repair</c> it puts edited and missing objects back first. Last line:
/// one JSON object; exit 0 when nothing edited or missing remains, 5 when something does, 4 when the target could not be
/// read.
/// </summary>
internal static partial class SyncCommands
{
    public const int Differences = 5;

    private static Command ReconcileCommand()
    {
        var job = JobOption();
        var state = StateOption();
        var repair = new Option<bool>("--repair") { Description = "Put objects edited in or missing from the target back as the directory has them." };
        var reconcile = new Command("reconcile", "Compare the target with what the job last exported (accounts edited, missing or not managed).");
        reconcile.Options.Add(job);
        reconcile.Options.Add(state);
        reconcile.Options.Add(repair);
        reconcile.SetAction((result, ct) => WithJobAsync(result.GetValue(job)!, result.GetValue(state), (opened, token) => ReconcileAsync(opened, result.GetValue(repair), token), ct));
        return reconcile;
    }

    private static async Task<int> ReconcileAsync(OpenedJob job, bool repair, CancellationToken cancellationToken)
    {
        try
        {
            var report = await job.Engine.ReconcileAsync(job.TenantId, job.JobId, cancellationToken);
            PrintDifferences(report);
            var (repaired, failed) = (0, 0);
            // The listed objects (the first 500 of each list).
            if (repair && report.Sections.SelectMany(s => s.Repairs()).ToList() is { Count: > 0 } requests)
            {
                foreach (var batch in requests.Chunk(ProvisioningEngine.MaxRepairObjects))
                {
                    var result = await job.Engine.RepairAsync(job.TenantId, job.JobId, batch, cancellationToken);
                    foreach (var o in result.Objects)
                    {
                        Console.WriteLine($"repair: {o.Action} {o.Kind} {o.DisplayName ?? o.SourceId}: {o.Status}{(o.ErrorCode is { } code ? $" {code}" : "")} — {o.Reason}");
                    }

                    var (succeeded, failures) = result.CountObjects();
                    (repaired, failed) = (repaired + succeeded, failed + failures);
                }

                // What the pipeline learns is the target as it is after the repair.
                report = await job.Engine.ReconcileAsync(job.TenantId, job.JobId, cancellationToken);
                Console.WriteLine("after repair:");
                PrintDifferences(report);
            }

            PrintSummary(report, repair ? new { repaired, failed } : null);
            return report.Sections.Any(s => s.DriftedCount + s.MissingCount > 0) ? Differences : 0;
        }
        catch (Exception e) when (e is TargetException or NotSupportedException or InvalidOperationException)
        {
            var detail = e is TargetException t ? $"{t.ErrorCode}: {t.Message} {t.RecommendedAction}" : e.Message;
            await Console.Error.WriteLineAsync($"error: the target could not be compared: {detail.Trim()}");
            return Aborted;
        }
    }

    private static void PrintDifferences(ReconciliationReport report)
    {
        foreach (var s in report.Sections)
        {
            var kind = s.Kind.ToString().ToLowerInvariant();
            Console.WriteLine($"{kind}s: {s.InTarget} in the target, {s.Linked} linked, {s.InStep} as last exported, {s.DriftedCount} edited, "
                + $"{s.MissingCount} missing, {s.UnmanagedCount} not managed{(s.NotCompared.Count > 0 ? $" (not compared: {string.Join(", ", s.NotCompared)})" : "")}");
            foreach (var d in s.Drifted)
            {
                Console.WriteLine($"  edited {kind} {d.DisplayName ?? d.SourceId} ({d.TargetId}): "
                    + string.Join(", ", d.Attributes.Select(a => $"{a.Name}: '{a.Exported}' -> '{a.InTarget}'")));
            }

            foreach (var m in s.Missing)
            {
                Console.WriteLine($"  missing {kind} {m.DisplayName ?? m.SourceId} ({m.TargetId})");
            }

            foreach (var u in s.Unmanaged)
            {
                Console.WriteLine($"  not managed {kind} {u.DisplayName} ({u.TargetId})");
            }
        }
    }

    private static void PrintSummary(ReconciliationReport report, object? repair)
    {
        var summary = report.Sections.ToDictionary(s => s.Kind == ObjectKind.User ? "users" : "groups", s => (object)new
        {
            inTarget = s.InTarget, linked = s.Linked, inStep = s.InStep, edited = s.DriftedCount, missing = s.MissingCount, unmanaged = s.UnmanagedCount,
        });
        if (repair is not null)
        {
            summary["repair"] = repair;
        }

        Console.WriteLine(JsonSerializer.Serialize(summary));
    }
}
