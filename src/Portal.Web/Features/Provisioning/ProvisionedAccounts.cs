using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Matching;
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

    /// <summary>
    /// What the job holds in the target for each of <paramref name="sourceIds"/> (the assigned, on the Users and groups
    /// tab): its account's state, or why its latest provisioning failed, so "assigned" and "has an account" are seen
    /// side by side. Ids the job never linked and that have no open failure are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, AccountStatus>> StatusesAsync(Guid jobId, IReadOnlyCollection<string> sourceIds,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = sourceIds.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var links = await db.LinkedObjects.AsNoTracking()
            .Where(l => l.JobId == jobId && l.TargetId != null && l.State != LinkState.Deleted && ids.Contains(l.SourceId))
            .Select(l => new { l.SourceId, l.State, l.LastExportedAt })
            .ToListAsync(cancellationToken);
        var failures = await HelpDesk.FailuresInbox.OpenFailures(db).AsNoTracking()
            .Where(f => f.JobId == jobId && ids.Contains(f.SourceId))
            // A duplicate match's steps name the accounts it found: the ones to choose among.
            .Select(f => new { f.SourceId, f.ErrorReason, f.ErrorCode, Steps = f.ErrorCode == MatchResult.DuplicateCode ? f.StepsJson : null })
            .ToListAsync(cancellationToken);
        var statuses = links.ToDictionary(l => l.SourceId, l => new AccountStatus(l.State, l.LastExportedAt, null), StringComparer.OrdinalIgnoreCase);
        foreach (var failure in failures)
        {
            statuses[failure.SourceId] = (statuses.GetValueOrDefault(failure.SourceId) ?? new AccountStatus(null, null, null))
                with
                {
                    FailureReason = failure.ErrorReason ?? failure.ErrorCode ?? HelpDesk.FailuresInbox.UnknownReason,
                    MatchingAccounts = MatchingAccounts(failure.Steps),
                };
        }

        return statuses;
    }

    private static IReadOnlyList<string> MatchingAccounts(string? steps) =>
        LogEntryDetails.Steps(steps).Select(s => s.Details?.GetValueOrDefault(MatchResult.CandidatesDetail)).OfType<string>()
            .SelectMany(ids => ids.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();

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

/// <summary>
/// An object's account in the target as the job knows it: <see cref="State"/> null when it has none (not yet, or it was
/// deleted), <see cref="FailureReason"/> when its latest provisioning failed and nobody has reviewed it.
/// </summary>
public sealed record AccountStatus(LinkState? State, DateTimeOffset? LastExportedAt, string? FailureReason)
{
    /// <summary>When it fails because several accounts match: their target ids.</summary>
    public IReadOnlyList<string> MatchingAccounts { get; init; } = [];
}
