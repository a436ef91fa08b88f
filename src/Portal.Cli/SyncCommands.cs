using System.CommandLine;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;
using Portal.Provisioning;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Source;
using Portal.Provisioning.Targets.Scim;

namespace Portal.Cli;

/// <summary>
/// <c>portal sync run --job job.json [--dry-run] [--state path]</c>: one cycle of a job described in a file, for
/// scripts, CI pipelines and configuration as code. State (links, watermark, escrows, logs) lives in a SQLite file
/// beside the job file, so the next run is incremental. Last line: one JSON object; exit 0 completed, 4 aborted.
/// <c>portal sync reconcile</c> compares the target with that state (SyncCommands.Reconcile.cs); <c>portal sync undo</c>
/// undoes the latest run that changed the target (SyncCommands.Undo.cs); <c>portal sync link</c> links accounts the target
/// already holds (SyncCommands.Link.cs).
/// </summary>
internal static partial class SyncCommands
{
    public const int Aborted = 4;
    public const int BadInput = 2;

    public static Command Create()
    {
        var job = JobOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Plan the cycle and print the changes; write nothing to the target." };
        var state = StateOption();
        var run = new Command("run", "Run one provisioning cycle of a job file.");
        run.Options.Add(job);
        run.Options.Add(dryRun);
        run.Options.Add(state);
        run.SetAction((result, ct) => WithJobAsync(result.GetValue(job)!, result.GetValue(state), (opened, token) => CycleAsync(opened, result.GetValue(dryRun), token), ct));
        var sync = new Command("sync", "Run provisioning headless.");
        sync.Subcommands.Add(run);
        sync.Subcommands.Add(ReconcileCommand());
        sync.Subcommands.Add(UndoCommand());
        sync.Subcommands.Add(LinkCommand());
        return sync;
    }

    private static Option<FileInfo> JobOption() => new("--job") { Description = "The job file (see docs/sync-job.md).", Required = true };

    private static Option<FileInfo?> StateOption() =>
        new("--state") { Description = "SQLite state file (default: <job file>.state.db beside the job file)." };

    /// <summary>A job file's job, imported into its state database: what each command works on.</summary>
    private sealed record OpenedJob(ProvisioningEngine Engine, Guid TenantId, Guid JobId, Func<PortalDbContext> Context);

    // Reads the job file, holds the state's lock, migrates the state and imports the job into it, then runs the command.
    private static async Task<int> WithJobAsync(FileInfo jobFile, FileInfo? stateFile, Func<OpenedJob, CancellationToken, Task<int>> command,
        CancellationToken cancellationToken)
    {
        SyncJobFile file;
        try
        {
            file = SyncJobFile.Parse(await File.ReadAllTextAsync(jobFile.FullName, cancellationToken));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: cannot read job file '{jobFile.FullName}': {e.Message}");
            return BadInput;
        }

        var statePath = stateFile?.FullName ?? Path.ChangeExtension(jobFile.FullName, ".state.db");

        // One run per state file: the lock is the operating system's, so a killed run releases it at once and the next
        // run knows any cycle still marked Running in the state is dead.
        FileStream jobLock;
        try
        {
            jobLock = new FileStream(statePath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            await Console.Error.WriteLineAsync($"error: another 'sync' command is using the state '{statePath}'; wait for it to end.");
            return Aborted;
        }

        await using (jobLock)
        {
            return await OpenLockedAsync(file, statePath, jobFile, command, cancellationToken);
        }
    }

    private static async Task<int> OpenLockedAsync(SyncJobFile file, string statePath, FileInfo jobFile, Func<OpenedJob, CancellationToken, Task<int>> command,
        CancellationToken cancellationToken)
    {
        var database = DatabaseSettings.For(DatabaseProvider.Sqlite, $"Data Source={statePath}", jobFile.DirectoryName ?? ".");
        var services = new ServiceCollection()
            .AddPortalData(database)
            .AddGraphDirectorySource()
            .AddScimTargets()
            .AddProvisioning(new EngineOptions { AllowPrivateNetworkTargets = file.AllowPrivateNetwork })
            .BuildServiceProvider();
        await using (services)
        {
            var options = new DbContextOptionsBuilder<PortalDbContext>();
            database.Configure(options);
            PortalDbContext ContextFor(Guid? tenant) => new(options.Options, new TenantContext { TenantId = tenant });
            await using (var db = ContextFor(null))
            {
                await db.Database.MigrateAsync(cancellationToken);
            }

            Guid tenantId, jobId;
            try
            {
                (tenantId, jobId) = await SyncJobImport.ApplyAsync(ContextFor, file, services.GetRequiredService<SecretProtector>(), TimeProvider.System.GetUtcNow(), cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return BadInput;
            }

            Console.WriteLine($"state: {statePath}");
            return await command(new OpenedJob(services.GetRequiredService<ProvisioningEngine>(), tenantId, jobId, () => ContextFor(tenantId)), cancellationToken);
        }
    }

    private static async Task<int> CycleAsync(OpenedJob job, bool dryRun, CancellationToken cancellationToken)
    {
        using var progress = new CancellationTokenSource();
        var reporter = ReportProgressAsync(job.Context, job.JobId, progress.Token);
        CycleResult result;
        try
        {
            result = await job.Engine.RunCycleAsync(job.TenantId, job.JobId, new CycleOptions(DryRun: dryRun, IgnoreQuarantineSchedule: true, HoldsJobLock: true), cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or DbUpdateException)
        {
            result = new CycleResult(Guid.Empty, CycleKind.Initial, CycleOutcome.Aborted, CycleState.Failed, 0, 0, 0, 0, 0, 0, 0, false, QuarantineReason.None, e.Message, []);
        }
        finally
        {
            await progress.CancelAsync();
            await reporter;
        }

        Print(result);
        return result.Outcome == CycleOutcome.Completed && result.Quarantine == QuarantineReason.None ? 0 : Aborted;
    }

    private static async Task ReportProgressAsync(Func<PortalDbContext> contextFor, Guid jobId, CancellationToken cancellationToken)
    {
        var last = string.Empty;
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                await using var db = contextFor();
                var cycle = await db.Cycles.AsNoTracking().Where(c => c.JobId == jobId).OrderByDescending(c => c.StartedAt).FirstOrDefaultAsync(cancellationToken);
                var line = cycle is null ? string.Empty : $"progress: {cycle.CompletedUnits}/{cycle.TotalUnits} objects ({cycle.Kind}, {cycle.State})";
                if (line.Length > 0 && line != last)
                {
                    Console.WriteLine(line);
                    last = line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The cycle ended; the summary follows.
        }
    }

    private static void Print(CycleResult result)
    {
        foreach (var change in result.Changes)
        {
            var properties = string.Join(", ", change.Modified.Select(m => $"{m.DisplayName}: '{m.OldValue}' -> '{m.NewValue}'"));
            Console.WriteLine($"{change.Action} {change.Kind} {change.DisplayName ?? change.SourceId}: {change.Reason}{(properties.Length > 0 ? $" [{properties}]" : "")}");
        }

        if (result.Error is { } error)
        {
            Console.WriteLine($"note: {error}");
        }

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            cycle = result.IsIncremental ? "incremental" : "initial",
            created = result.Created,
            updated = result.Updated,
            disabled = result.Disabled,
            deleted = result.Deleted,
            skipped = result.Skipped,
            failed = result.Failed,
            held = result.Held,
            sourceComplete = result.SourceComplete,
        }));
    }
}
