using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Web.Features.Logs;

namespace Portal.Web.Features.Provisioning;

/// <summary>
/// Every account a job keeps in its target (active or disabled; not the ones it deleted, nor objects it only saw), as
/// CSV: who has an account in the application through the portal, with what it last sent — an answer Entra gives only
/// by reading its logs. Streamed, so a job of any size neither buffers in memory nor stops at a row cap.
/// </summary>
public sealed class ProvisionedAccounts(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<bool> JobExistsAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ProvisioningJobs.AnyAsync(j => j.Id == jobId, cancellationToken);
    }

    public async Task WriteCsvAsync(Guid jobId, Stream output, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var links = db.LinkedObjects.AsNoTracking()
            .Where(l => l.JobId == jobId && l.TargetId != null && l.State != LinkState.Deleted)
            // Users first, then groups (the kind is stored as its name, which would sort groups first).
            .OrderBy(l => l.Kind == ObjectKind.Group).ThenBy(l => l.Id)
            .AsAsyncEnumerable();
        var csv = new CsvRowBuffer();
        csv.Row("Type", "Name", "Source id", "Target id", "State", "Last exported (UTC)", "Roles", "Members", "Attributes last exported");
        await foreach (var link in links.WithCancellation(cancellationToken))
        {
            var account = LinkedAccount.Of(link);
            csv.Field(link.Kind.ToString());
            csv.Field(link.DisplayName);
            csv.Field(link.SourceId);
            csv.Field(link.TargetId);
            csv.Field(link.State.ToString());
            csv.Field(link.LastExportedAt?.UtcDateTime, "o");
            csv.Field(string.Join("; ", account.Roles));
            csv.Field(account.Members);
            csv.Field(account.AttributesJson);
            csv.EndRow();
            await csv.WriteWhenFullAsync(output, cancellationToken);
        }

        await csv.CompleteAsync(output, cancellationToken);
    }
}
