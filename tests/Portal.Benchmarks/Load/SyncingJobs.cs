using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Targets;
using Portal.Sandbox.Scim;
using Portal.Web.Features.Applications;

namespace Portal.Benchmarks.Load;

/// <summary>
/// Generic SCIM applications of the demo tenant against the sandbox SCIM target, each running cycle after cycle
/// through the engine (as "Sync now" does) until stopped, so the UI is measured while the engine writes logs.
/// </summary>
internal sealed class SyncingJobs(IServiceProvider services, Guid tenantId)
{
    private int _cycles;
    private int _failedCycles;

    public int Cycles => Volatile.Read(ref _cycles);
    public int FailedCycles => Volatile.Read(ref _failedCycles);
    public IReadOnlyList<Guid> JobIds { get; private set; } = [];

    public async Task AddAsync(int count, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().TenantId = tenantId;
        var catalog = scope.ServiceProvider.GetRequiredService<ApplicationCatalog>();
        var secrets = scope.ServiceProvider.GetRequiredService<SecretProtector>();
        var applications = new List<Guid>();
        for (var i = 1; i <= count; i++)
        {
            applications.Add(await catalog.AddAsync(GalleryTemplates.GenericScimId, $"Load SCIM {i:00}", cancellationToken));
        }

        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(cancellationToken);
        var jobs = await db.ProvisioningJobs.Where(j => applications.Contains(j.ApplicationId)).ToListAsync(cancellationToken);
        foreach (var job in jobs)
        {
            job.Target.AuthKind = TargetAuthKind.BearerToken;
            job.Target.Secret = secrets.Protect(SandboxScimOptions.DemoToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        JobIds = [.. jobs.Select(j => j.Id)];
    }

    /// <summary>Runs every job's cycles back to back until <paramref name="stop"/> fires.</summary>
    public Task RunAsync(CancellationToken stop) => Task.WhenAll(JobIds.Select(job => Task.Run(() => LoopAsync(job, stop), CancellationToken.None)));

    private async Task LoopAsync(Guid jobId, CancellationToken stop)
    {
        var engine = services.GetRequiredService<ProvisioningEngine>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await engine.RunCycleAsync(tenantId, jobId, new CycleOptions(IgnoreQuarantineSchedule: true), stop);
                Interlocked.Increment(ref _cycles);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is InvalidOperationException or DbUpdateException or TargetException or HttpRequestException)
            {
                // A cycle that fails under load still loaded the host; it is counted, and the loop goes on.
                Interlocked.Increment(ref _failedCycles);
                if (_failedCycles <= 3)
                {
                    await Console.Error.WriteLineAsync($"cycle failed: {e.GetType().Name}: {e.Message}");
                }
            }
        }
    }
}
