using System.CommandLine;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Provisioning.Targets;

namespace Portal.Cli;

/// <summary>
/// <c>portal sync undo --job job.json [--state path]</c>: undoes the latest run that changed the target, as the portal's
/// Undo does (a pipeline's way back from a bad job file); run it again to go back one more. Last line: one JSON object;
/// exit 0 when the undo completed (changes that could not be undone included), 4 when there was nothing to undo or it
/// was aborted. The state's next <c>sync run</c> reads the whole directory.
/// </summary>
internal static partial class SyncCommands
{
    private static Command UndoCommand()
    {
        var job = JobOption();
        var state = StateOption();
        var undo = new Command("undo", "Undo the latest run that changed the target (then the one before it, and so on).");
        undo.Options.Add(job);
        undo.Options.Add(state);
        undo.SetAction((result, ct) => WithJobAsync(result.GetValue(job)!, result.GetValue(state), UndoAsync, ct));
        return undo;
    }

    private static async Task<int> UndoAsync(OpenedJob job, CancellationToken cancellationToken)
    {
        if (await job.Engine.UndoPlanAsync(job.TenantId, job.JobId, cancellationToken) is not { } plan)
        {
            await Console.Error.WriteLineAsync("error: nothing to undo: no run of this state changed the target, or its logs are gone.");
            return Aborted;
        }

        Console.WriteLine($"undoing the run started {plan.StartedAt:u}: {plan.Creates} created, {plan.Updates} updated, {plan.Disables} disabled, {plan.Deletes} deleted");
        try
        {
            var result = await job.Engine.UndoCycleAsync(job.TenantId, job.JobId, plan.CycleId, cancellationToken);
            await using (var db = job.Context())
            {
                foreach (var entry in await db.ProvisioningLogs.AsNoTracking().Where(e => e.CycleId == result.CycleId && e.Status != ProvisioningLogStatus.Success)
                    .OrderBy(e => e.Id).ToListAsync(cancellationToken))
                {
                    Console.WriteLine($"{entry.Status} {entry.IdentityType} {entry.SourceDisplayName ?? entry.SourceId}:{(entry.ErrorCode is { } code ? $" {code}" : "")} {entry.ErrorReason}");
                }
            }

            if (result.Error is { } error)
            {
                Console.WriteLine($"note: {error}");
            }

            Console.WriteLine(JsonSerializer.Serialize(new
            {
                undone = plan.CycleId,
                deleted = result.Deleted,
                restored = result.Updated,
                recreated = result.Created,
                skipped = result.Skipped,
                failed = result.Failed,
            }));
            return result.State is CycleState.Succeeded or CycleState.EntryLevelErrors ? 0 : Aborted;
        }
        catch (Exception e) when (e is TargetException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"error: the undo could not run: {e.Message}");
            return Aborted;
        }
    }
}
