using Portal.Data.Entities;
using Portal.Provisioning.Planning;
using Portal.Provisioning.Scope;
using Portal.Provisioning.Source;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// The read streams into the cycle: the head (assignments, groups and members) sets up scope, then each page of users
/// is scoped and its creates and updates exported while Graph sends the next page, so memory holds about two pages of
/// users, not the directory. Disables and deletes wait for the end of the read: only then is it known whether the read
/// was complete and how many there are for the deletion threshold.
/// </summary>
internal sealed partial class CycleRunner : IDirectoryReadSink
{
    private readonly HashSet<string> _seenUsers = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(Candidate Candidate, (ScopeDecision Decision, PlannedChange? Change) Scope)> _heldUsers = [];
    private readonly HashSet<ObjectKind> _matchingSettled = [];
    private Dictionary<string, LinkedObject> _userLinks = [];
    private DirectoryReadHead _head = null!;
    private Entitlements _entitlements = null!;
    private Task _userPage = Task.CompletedTask;
    private bool _sinkFailed;
    private bool _userLinksLoaded;
    private string? _entitlementDigest;
    private string? _sourceFailure;

    /// <summary>Reads the directory, exporting users page by page; null when the source could not be read at all.</summary>
    private async Task<DirectoryRead?> ReadAndExportUsersAsync(CancellationToken cancellationToken)
    {
        try
        {
            var read = await source.ReadAsync(_query, this, cancellationToken);
            await _userPage;
            return read;
        }
        catch (Exception e) when (e is not OperationCanceledException && !_sinkFailed)
        {
            await SettleAsync(_userPage);
            await FlushIfStartedAsync();
            _sourceFailure = e.Message;
            return null;
        }
        catch (Exception) when (!_userPage.IsCompleted)
        {
            // Cancelled or failed while a page was exporting: let it finish before the cycle is recorded as ended.
            await SettleAsync(_userPage);
            throw;
        }
    }

    public Task HeadAsync(DirectoryReadHead head, CancellationToken cancellationToken) => Guarded(() =>
    {
        _head = head;
        _isDelta = head.IsDelta;
        if (!_dryRun && _focus is null)
        {
            _cycle.Kind = head.IsDelta ? CycleKind.Incremental : CycleKind.Initial;
        }

        _cycle.Imported = head.Groups.Count;
        _snapshot = new SourceSnapshot(head, LinksOf(ObjectKind.Group));
        _entitlements = Entitlements.From(head.Assignments, head.AppRoles, config.Application.RequiredRoleValues, _snapshot.MembersOf);
        _processor = new ObjectProcessor(config, _entitlements, _snapshot.GroupsOf, expressions, target, time, TargetIdOfUser);
        _recorder = new CycleRecorder(dbs, _cycle, _escrows, _policy, time, writeMetrics, options.WriteBatchSize, _dryRun);
        _entitlementDigest = EntitlementDigest.Of(head, config);
        return Task.CompletedTask;
    });

    public async Task UsersAsync(IReadOnlyList<SourceObject> page, bool morePages, CancellationToken cancellationToken)
    {
        // One page exports while the reader fetches the next; a failed export stops the read here.
        await _userPage;
        _cycle.Imported += page.Count;
        if (_focus is null && page.Count > 0)
        {
            _userPage = Guarded(() => ExportPageAsync(page, morePages, cancellationToken));
        }
    }

    private async Task ExportPageAsync(IReadOnlyList<SourceObject> page, bool morePages, CancellationToken cancellationToken)
    {
        await EnsureUserLinksAsync(cancellationToken);
        var (ready, toFetch) = CandidateSelection.SelectRead(page, _isDelta, _query.UserAttributes, _userLinks, _seenUsers);
        var candidates = await CompleteAsync(ObjectKind.User, ready, toFetch, [], cancellationToken);
        var scoped = candidates.Select(c => (Candidate: c, Scope: _processor.Scope(c))).ToList();
        _cycle.TotalUnits += scoped.Count;
        _heldUsers.AddRange(scoped.Where(s => s.Scope.Change is { IsDeprovisioning: true }));
        await ListTargetForMatchingAsync(ObjectKind.User, scoped, morePages, cancellationToken);
        await ExportAsync([.. scoped.Where(s => s.Scope.Change is not { IsDeprovisioning: true })], NoGuard, cancellationToken);
    }

    private static readonly Dictionary<(ObjectKind, string), PlannedChange> NoGuard = [];

    // A failure inside the cycle's own work is not a failed read: it must reach the cycle's handlers as itself.
    private async Task Guarded(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch
        {
            _sinkFailed = true;
            throw;
        }
    }

    private static async Task SettleAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // Its failure is secondary to the one being handled.
        }
    }
}
