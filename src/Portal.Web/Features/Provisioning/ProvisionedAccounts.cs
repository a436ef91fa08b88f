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
    private const int BlockBytes = 64 * 1024;

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
        var csv = new CsvRowBuffer(BlockBytes * 2);
        foreach (var column in (string[])["Type", "Name", "Source id", "Target id", "State", "Last exported (UTC)", "Roles", "Members", "Attributes last exported"])
        {
            csv.Field(column);
        }

        csv.EndRow();
        await foreach (var link in links.WithCancellation(cancellationToken))
        {
            var account = LinkedAccount.Of(link);
            csv.Field(link.Kind.ToString());
            csv.Field(link.DisplayName);
            csv.Field(link.SourceId);
            csv.Field(link.TargetId);
            csv.Field(link.State.ToString());
            if (link.LastExportedAt is { } at)
            {
                csv.Field(at.UtcDateTime, "o");
            }
            else
            {
                csv.Field(null);
            }

            csv.Field(string.Join("; ", account.Roles));
            if (account.Members is { } members)
            {
                csv.Field(members);
            }
            else
            {
                csv.Field(null);
            }

            csv.Field(account.AttributesJson);
            csv.EndRow();
            if (csv.Length >= BlockBytes)
            {
                await csv.WriteToAsync(output, cancellationToken);
            }
        }

        await csv.WriteToAsync(output, cancellationToken);
    }
}
