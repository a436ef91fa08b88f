using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Mapping;
using Portal.Provisioning.Matching;
using Portal.Provisioning.Planning;
using Portal.Provisioning.Scope;
using Portal.Provisioning.Source;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// Runs one object through the data path — scope, match, map, plan, export — and records the steps the way the
/// provisioning log and provision-on-demand show them. Link changes are applied to the in-memory link only after
/// the export succeeded; the caller hands the link to the recorder.
/// </summary>
internal sealed class ObjectProcessor
{
    private readonly JobConfiguration _config;
    private readonly Entitlements _entitlements;
    private readonly Func<string, IReadOnlySet<string>> _groupsOf;
    private readonly ITargetConnector _target;
    private readonly ObjectMatcher _matcher;
    private readonly UniqueValues _uniqueValues;
    private readonly TimeProvider _time;
    private readonly Dictionary<ObjectKind, (ScopeEvaluator Scope, AttributeMapper Mapper, ChangePlanner Planner)> _stages = [];
    private readonly Dictionary<ObjectKind, TargetSnapshot> _snapshots = [];

    /// <remarks>targetIdOfUser: a provisioned user's target id by directory id, for reference attributes (manager).</remarks>
    public ObjectProcessor(JobConfiguration config, Entitlements entitlements, Func<string, IReadOnlySet<string>> groupsOf,
        IMappingExpressionEvaluator expressions, ITargetConnector target, TimeProvider time, Func<string, string?> targetIdOfUser)
    {
        References = new UserReferences(config.Users.AttributeMappings, targetIdOfUser);
        _config = config;
        _entitlements = entitlements;
        _groupsOf = groupsOf;
        _target = target;
        _matcher = new ObjectMatcher(FindAsync);
        _uniqueValues = new UniqueValues(FindAsync);
        _time = time;
        foreach (var kind in new[] { ObjectKind.User, ObjectKind.Group })
        {
            if (config.MappingFor(kind) is { } mapping)
            {
                _stages[kind] = (new ScopeEvaluator(config.Job.Scope, entitlements, mapping.ScopingFilters, Released(config.Job, kind)),
                    new AttributeMapper(mapping.AttributeMappings, expressions),
                    new ChangePlanner(mapping, config.Job.SkipOutOfScopeDeletions, AddOnly(mapping, expressions)));
            }
        }
    }

    public bool Handles(ObjectKind kind) => _stages.ContainsKey(kind);

    private static Dictionary<string, ReleasedObject> Released(ProvisioningJob job, ObjectKind kind) =>
        (job.Released ?? []).Where(r => r.Kind == kind).DistinctBy(r => r.SourceId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(r => r.SourceId, StringComparer.OrdinalIgnoreCase);

    private static HashSet<string> AddOnly(ObjectMapping mapping, IMappingExpressionEvaluator expressions) =>
        mapping.AttributeMappings.Where(m => m.Type == MappingType.Expression && m.Source is { } text && expressions.AddsOnly(text))
            .Select(m => m.TargetAttribute).ToHashSet(StringComparer.OrdinalIgnoreCase);

    public UserReferences References { get; }

    /// <summary>The target attributes objects of a kind are matched on, in precedence order.</summary>
    public IReadOnlyList<string> MatchingAttributes(ObjectKind kind) =>
        [.. (_config.MappingFor(kind)?.AttributeMappings ?? []).Where(a => a.IsMatching).OrderBy(a => a.MatchingPrecedence).Select(a => a.TargetAttribute)];

    /// <summary>
    /// The target attributes a cycle looks objects of a kind up by: the matching attributes, then those SelectUniqueValue
    /// chooses (a listing of the target keyed by them answers both without a request per object).
    /// </summary>
    public IReadOnlyList<string> LookupAttributes(ObjectKind kind) =>
        _stages.TryGetValue(kind, out var stages)
            ? [.. MatchingAttributes(kind).Concat(stages.Mapper.UniqueValueAttributes).Distinct(StringComparer.OrdinalIgnoreCase)]
            : MatchingAttributes(kind);

    /// <summary>From now on objects of the kind are looked up in this listing of the target instead of a request each.</summary>
    public void MatchAgainst(ObjectKind kind, TargetSnapshot snapshot) => _snapshots[kind] = snapshot;

    private Task<IReadOnlyList<TargetObject>> FindAsync(ObjectKind kind, string attribute, string value, CancellationToken cancellationToken) =>
        _snapshots.TryGetValue(kind, out var snapshot) && snapshot.Find(attribute, value) is { } found
            ? Task.FromResult(found)
            : _target.FindAsync(kind, attribute, value, cancellationToken);

    public bool IsEntitled(ObjectKind kind, string id) =>
        _config.Job.Scope == ProvisioningScope.All
        || (kind == ObjectKind.User ? _entitlements.IsUserEntitled(id) : _entitlements.IsGroupEntitled(id));

    public IReadOnlyList<string> RolesOf(string id) => _entitlements.RolesOf(id);

    /// <summary>Scope decision, and the planned change when it needs no target look-up (out of scope, deleted).</summary>
    public (ScopeDecision Decision, PlannedChange? Change) Scope(Candidate candidate)
    {
        var stages = _stages[candidate.Kind];
        ScopeDecision decision;
        try
        {
            decision = candidate.Missing
                ? new ScopeDecision(false, false, "No longer found in the source directory.", new Dictionary<string, string>())
                : stages.Scope.Evaluate(candidate.Source, _groupsOf(candidate.Source.Id));
        }
        catch (ScopingFilterException e)
        {
            // Undecided is neither in nor out: no create, no deprovisioning; ProcessAsync records the failure.
            return (new ScopeDecision(false, true, e.Message, new Dictionary<string, string> { ["ScopeEvaluationResult"] = "Error" }, e.Message), null);
        }

        if (decision.InScope && candidate.Source.Change == SourceChange.Present)
        {
            return (decision, null);
        }

        var change = stages.Planner.Plan(new PlanningInput(candidate.Kind, candidate.Source.Id, DisplayName(candidate),
            candidate.Source.Change, decision, candidate.Link, null, null));
        return (decision, change);
    }

    public async Task<ObjectResult> ProcessAsync(Candidate candidate, ScopeDecision decision, PlannedChange? decided, bool export, CancellationToken cancellationToken)
    {
        var steps = new List<ProvisioningStep>
        {
            ProvisioningStep.Of("EntryImport", "import", "Success", $"Retrieved {candidate.Kind} '{DisplayName(candidate)}' ({candidate.Source.Id}) from the source system."),
            ProvisioningStep.Of("EntrySynchronizationScoping", "scoping", decision.Error is not null ? "Failure" : decision.InScope ? "Success" : "Skipped", decision.Reason, decision.Details),
        };

        if (decision.Error is { } scopeError)
        {
            return Fail(candidate, Skipped(candidate, scopeError), decision, steps, new ScopingFilterException(scopeError));
        }

        MatchResult? match = null;
        var change = decided;
        string? waitingFor = null;
        try
        {
            if (change is null)
            {
                (change, match, waitingFor) = await PlanInScopeAsync(candidate, decision, steps, cancellationToken);
            }
        }
        catch (Exception e) when (e is MappingException or ScopingFilterException or TargetException { IsCredentialFailure: false })
        {
            var failed = Skipped(candidate, e.Message);
            return Fail(candidate, failed, decision, steps, e);
        }

        steps.Add(ProvisioningStep.Of($"EntrySynchronization{Verb(change.Action)}", "processing",
            change.Action == ChangeAction.Skip ? "Skipped" : "Success", change.Reason));
        if (match?.ErrorCode is { } code)
        {
            return Fail(candidate, change, decision, steps, null, code,
                code == MatchResult.DuplicateCode ? "Several target objects match; none was picked." : "No matching attribute has a value on the source object.",
                code == MatchResult.DuplicateCode
                    ? "Link the right account to it: Choose the account… beside the failure on the Users and groups tab, or Link… beside the account on the Reconciliation tab; or remove the duplicates in the target, or choose a matching attribute that is unique."
                    : "Give the object a value for a matching attribute.");
        }

        string? targetId = change.TargetId;
        var writes = change.Action is ChangeAction.Create or ChangeAction.Update or ChangeAction.Disable or ChangeAction.Delete;
        if (!export && writes)
        {
            steps.Add(ProvisioningStep.Of($"EntryExport{Verb(change.Action)}", "export", "Skipped",
                $"Dry run: the {Verb(change.Action).ToLowerInvariant()} of {candidate.Kind} '{DisplayName(candidate)}' was not sent to the target system."));
        }
        else if (writes)
        {
            try
            {
                targetId = await ExportAsync(change, cancellationToken);
                steps.Add(ProvisioningStep.Of($"EntryExport{Verb(change.Action)}", "export", "Success",
                    $"{Verb(change.Action)} of {candidate.Kind} '{DisplayName(candidate)}' succeeded in the target system."));
            }
            catch (TargetException e) when (!e.IsCredentialFailure)
            {
                steps.Add(ProvisioningStep.Of($"EntryExport{Verb(change.Action)}", "export", "Failure", e.Message));
                if (e.RecreateWanted && change.Action == ChangeAction.Update && _stages.ContainsKey(candidate.Kind))
                {
                    return await RecreateAsync(candidate, decision, change, steps, cancellationToken);
                }

                return Fail(candidate, change, decision, steps, e);
            }
        }

        return new ObjectResult(change, decision, steps, targetId) { WaitingFor = waitingFor };
    }

    /// <summary>
    /// The linked target object was deleted outside the portal and the dialect says re-create: create it again with
    /// every mapped attribute (as for a first create, OnCreateOnly ones included), so the result is a Create whose new
    /// target id replaces the old one in the link.
    /// </summary>
    private async Task<ObjectResult> RecreateAsync(Candidate candidate, ScopeDecision decision, PlannedChange update, List<ProvisioningStep> steps,
        CancellationToken cancellationToken)
    {
        var (_, mapper, _) = _stages[candidate.Kind];
        PlannedChange change = update;
        try
        {
            var mapped = Resolved(candidate.Kind, mapper.Map(candidate.Source, _entitlements.AppRolesOf(candidate.Source.Id), isSoftDeleted: false, forCreate: true),
                steps, out var waitingFor);
            mapped = await _uniqueValues.ChooseAsync(candidate.Kind, candidate.Source.Id, mapped, steps, cancellationToken);
            var values = mapped.Values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase);
            var key = mapped.MatchingKeys.FirstOrDefault() ?? new MatchingKey("externalId", candidate.Source.Id);
            change = new PlannedChange(candidate.Kind, candidate.Source.Id, DisplayName(candidate), ChangeAction.Create, null, values, mapped.Values,
                [.. values.Select(v => new ModifiedProperty(v.Key, null, v.Value is JsonValue j && j.TryGetValue<string>(out var text) ? text : v.Value!.ToJsonString()))],
                $"Re-created: the linked target object {update.TargetId} no longer exists (HTTP 404 on update) and the target's 404-on-update policy is re-create.",
                key);
            var created = await _target.CreateAsync(candidate.Kind, values, key, cancellationToken);
            steps.Add(ProvisioningStep.Of("EntryExportAdd", "export", "Success",
                $"Re-created {candidate.Kind} '{DisplayName(candidate)}' in the target system as {created.Id} with all mapped attributes; "
                + $"the link moved from {update.TargetId} to {created.Id}."));
            return new ObjectResult(change, decision, steps, created.Id) { WaitingFor = waitingFor };
        }
        catch (Exception e) when (e is MappingException or TargetException { IsCredentialFailure: false })
        {
            steps.Add(ProvisioningStep.Of("EntryExportAdd", "export", "Failure", $"Re-creating the object failed: {e.Message}"));
            return Fail(candidate, change, decision, steps, e);
        }
    }

    /// <summary>Applies a successful result to the object's link; returns the link to write, or null to remove it.</summary>
    public LinkedObject? ApplyToLink(Candidate candidate, ObjectResult result, IReadOnlyCollection<string>? sourceMembers)
    {
        var change = result.Change;
        var link = candidate.Link;
        var roles = RolesOf(candidate.Source.Id);
        var keep = sourceMembers is not null || IsEntitled(candidate.Kind, candidate.Source.Id);
        switch (change.Action)
        {
            case ChangeAction.Create or ChangeAction.Update:
                link ??= NewLink(candidate);
                link.TargetId = result.TargetId;
                link.State = LinkState.Active;
                link.DisplayName = change.DisplayName;
                link.LastExportedAt = _time.GetUtcNow();
                LinkValues.Write(link, change.Values, (LinkValues.Roles, roles), (LinkValues.SourceMembers, sourceMembers), Waiting(candidate, result));
                return link;
            case ChangeAction.Disable:
                link!.State = LinkState.Disabled;
                link.LastExportedAt = _time.GetUtcNow();
                var exported = ChangePlanner.Parse(link.ExportedValuesJson) ?? [];
                exported["active"] = false;
                LinkValues.Write(link, exported.Where(p => p.Key[0] != ChangePlanner.StatePrefix).ToDictionary(p => p.Key, p => p.Value),
                    (LinkValues.Roles, roles), (LinkValues.SourceMembers, sourceMembers));
                return link;
            case ChangeAction.Delete:
                link!.State = LinkState.Deleted;
                link.LastExportedAt = _time.GetUtcNow();
                return link;
            case ChangeAction.StagedDelete:
                return link;
        }

        // Released: the account is the target's own now. A link a cycle wrote while the admin released it goes here.
        var hasTarget = link is { TargetId: not null };
        if (result.Scope is { Released: true } || candidate.Source.Change == SourceChange.HardDeleted || (!hasTarget && !keep) || candidate.Missing && !hasTarget)
        {
            return null;
        }

        link ??= NewLink(candidate);
        link.DisplayName = change.DisplayName ?? link.DisplayName;
        LinkValues.Write(link, null, (LinkValues.Roles, roles), (LinkValues.SourceMembers, sourceMembers), Waiting(candidate, result));
        return link;
    }

    // Kept only by jobs that map a reference, so other jobs' links stay as they were.
    private (string, IEnumerable<string>?) Waiting(Candidate candidate, ObjectResult result) =>
        (LinkValues.WaitingFor, candidate.Kind != ObjectKind.User || !References.Any ? null : result.WaitingFor is { } awaited ? [awaited] : []);

    private MappedObject Resolved(ObjectKind kind, MappedObject mapped, List<ProvisioningStep> steps, out string? waitingFor)
    {
        waitingFor = null;
        return kind == ObjectKind.User ? References.Resolve(mapped, steps, out waitingFor) : mapped;
    }

    // Each matching attribute tried, and the accounts a duplicate match found (to link the right one by hand).
    private static Dictionary<string, string> MatchDetails(MatchResult match)
    {
        var details = match.Tried.Select((t, i) => (t, i)).ToDictionary(x => $"MatchingAttribute{x.i + 1}", x => x.t);
        if (match.Candidates.Count > 0)
        {
            details[MatchResult.CandidatesDetail] = string.Join(", ", match.Candidates);
        }

        return details;
    }

    private async Task<(PlannedChange, MatchResult, string?)> PlanInScopeAsync(Candidate candidate, ScopeDecision decision, List<ProvisioningStep> steps, CancellationToken cancellationToken)
    {
        var (_, mapper, planner) = _stages[candidate.Kind];
        var roles = _entitlements.AppRolesOf(candidate.Source.Id);
        var linked = candidate.Link is { TargetId: not null, State: not LinkState.Deleted } l ? l.TargetId : null;
        var first = mapper.Map(candidate.Source, roles, isSoftDeleted: false, forCreate: linked is null);
        var match = await _matcher.MatchAsync(candidate.Kind, linked, first.MatchingKeys, cancellationToken);
        steps.Add(ProvisioningStep.Of("EntryMatching", "matching", match.ErrorCode is null ? "Success" : "Failure", match.Outcome switch
        {
            MatchOutcome.Linked => $"Linked to target object {match.TargetId} by the linked-object store.",
            MatchOutcome.Matched => $"Matched target object {match.TargetId} on {match.MatchedOn!.Attribute}.",
            MatchOutcome.NoMatch => "No target object matches.",
            MatchOutcome.Duplicate => $"Several target objects match on {match.MatchedOn!.Attribute}.",
            _ => "No matching attribute has a value.",
        }, MatchDetails(match)));
        // The first mapping already is the create's when nothing was linked or matched: map once, not twice.
        var mapped = match.ErrorCode is not null ? null
            : (linked is null) == (match.TargetId is null) ? first
            : mapper.Map(candidate.Source, roles, isSoftDeleted: false, forCreate: match.TargetId is null);
        string? waitingFor = null;
        if (mapped is not null)
        {
            mapped = await _uniqueValues.ChooseAsync(candidate.Kind, candidate.Source.Id, Resolved(candidate.Kind, mapped, steps, out waitingFor), steps, cancellationToken);
        }

        var change = planner.Plan(new PlanningInput(candidate.Kind, candidate.Source.Id, DisplayName(candidate), candidate.Source.Change,
            decision, candidate.Link, match, mapped));
        return (change, match, waitingFor);
    }

    private async Task<string?> ExportAsync(PlannedChange change, CancellationToken cancellationToken)
    {
        switch (change.Action)
        {
            case ChangeAction.Create:
                var values = change.Changes.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value, StringComparer.OrdinalIgnoreCase);
                var key = change.MatchingKey ?? new MatchingKey("externalId", change.SourceId);
                var created = await _target.CreateAsync(change.Kind, values, key, cancellationToken);
                // A later object with the same matching value must find this one, as a look-up in the target would.
                _snapshots.GetValueOrDefault(change.Kind)?.Add(created);
                return created.Id;
            case ChangeAction.Update:
                await _target.UpdateAsync(change.Kind, change.TargetId!, change.Changes, change.Added, cancellationToken);
                return change.TargetId;
            case ChangeAction.Disable:
                await _target.DisableAsync(change.Kind, change.TargetId!, cancellationToken);
                return change.TargetId;
            default:
                await _target.DeleteAsync(change.Kind, change.TargetId!, cancellationToken);
                return change.TargetId;
        }
    }

    private LinkedObject NewLink(Candidate candidate) =>
        new() { JobId = _config.Job.Id, TenantId = _config.Job.TenantId, Kind = candidate.Kind, SourceId = candidate.Source.Id, TargetId = null };

    private static ObjectResult Fail(Candidate candidate, PlannedChange change, ScopeDecision decision, List<ProvisioningStep> steps, Exception? error,
        string? code = null, string? reason = null, string? recommendation = null)
    {
        var (errorCode, why, what) = error switch
        {
            TargetException t => (t.ErrorCode, t.Message, t.RecommendedAction),
            MappingException m => ("AttributeMappingError", m.Message, "Fix the attribute mapping or the source value, then retry."),
            ScopingFilterException s => ("ScopingFilterError", s.Message, "Fix the scoping filter, then retry."),
            _ => (code!, reason!, recommendation!),
        };
        return new ObjectResult(change, decision, steps, candidate.Link?.TargetId, errorCode, why, what);
    }

    private static PlannedChange Skipped(Candidate candidate, string reason) =>
        new(candidate.Kind, candidate.Source.Id, DisplayName(candidate), ChangeAction.Skip, candidate.Link?.TargetId,
            PlannedChange.NoValues, PlannedChange.NoValues, [], reason);

    private static string? DisplayName(Candidate candidate) => candidate.Source.DisplayName ?? candidate.Link?.DisplayName;

    internal static string Verb(ChangeAction action) => action switch
    {
        ChangeAction.Create => "Add",
        ChangeAction.Update => "Update",
        ChangeAction.Disable => "Disable",
        ChangeAction.Delete => "Delete",
        ChangeAction.StagedDelete => "StagedDelete",
        _ => "Skip",
    };
}
