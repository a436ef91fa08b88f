using System.Text.Json.Nodes;
using Humanizer;
using Portal.Data.Entities;
using Portal.Provisioning.Planning;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Cycles;

internal sealed partial class CycleRunner
{
    /// <summary>
    /// After users and groups: each provisioned group's members become the target ids of its linked members. Only the
    /// difference to what was last exported is sent, so a removed member is removed at once (Entra waits, §6 #7).
    /// </summary>
    private async Task ExportMembershipsAsync(CancellationToken cancellationToken)
    {
        var groups = LinksOf(ObjectKind.Group).Where(g => g is { TargetId: not null, State: LinkState.Active } && _snapshot.Knows(g.SourceId))
            .Where(g => _focus is null || _focus.Contains((ObjectKind.Group, g.SourceId))).ToList();
        var work = groups.Select(group =>
        {
            var desired = _snapshot.MembersOf(group.SourceId)
                .Select(id => _links.GetValueOrDefault((ObjectKind.User, id)))
                .Where(l => l is { TargetId: not null, State: not LinkState.Deleted })
                .Select(l => l!.TargetId!)
                .ToHashSet(StringComparer.Ordinal);
            var exported = LinkValues.List(group, LinkValues.Members).ToHashSet(StringComparer.Ordinal);
            var add = desired.Except(exported).Order(StringComparer.Ordinal).ToList();
            var remove = exported.Except(desired).Order(StringComparer.Ordinal).ToList();
            return (Group: group, Desired: desired, Exported: exported, Add: add, Remove: remove);
        }).Where(w => w.Add.Count > 0 || w.Remove.Count > 0).ToList();

        // Membership updates are units of progress too, so progress never passes its total.
        _recorder.Cycle.TotalUnits += work.Count;
        await Parallel.ForEachAsync(work, Workers(cancellationToken), async (item, ct) =>
        {
            var (group, desired, exported, add, remove) = item;
            var started = time.GetUtcNow();
            var change = new PlannedChange(ObjectKind.Group, group.SourceId, group.DisplayName, ChangeAction.Update, group.TargetId,
                new Dictionary<string, JsonNode?> { ["members"] = new JsonArray([.. desired.Select(d => (JsonNode?)JsonValue.Create(d))]) },
                PlannedChange.NoValues,
                [new ModifiedProperty("members", Describe(exported.Count, remove, "removed"), Describe(desired.Count, add, "added"))],
                "Group membership changed in the source.");
            var steps = new List<ProvisioningStep>
            {
                ProvisioningStep.Of("EntryReferenceResolution", ProvisioningStep.ReferenceResolution, "Success",
                    $"{"member".ToQuantity(add.Count)} to add and {remove.Count} to remove, resolved through the linked-object store."),
            };
            var candidate = new Candidate(new Source.SourceObject(ObjectKind.Group, group.SourceId, Source.SourceChange.Present,
                new Dictionary<string, object?> { ["displayName"] = group.DisplayName }), group);
            ObjectResult result;
            // A group created or updated earlier in this cycle has its state from before the cycle on that entry already.
            LinkImage? previous = _dryRun || _exported.ContainsKey(group.SourceId) ? null : LinkImage.Members(group, exported);
            try
            {
                if (!_dryRun)
                {
                    if (add.Count > 0)
                    {
                        await target.AddMembersAsync(group.TargetId!, add, ct);
                    }

                    if (remove.Count > 0)
                    {
                        await target.RemoveMembersAsync(group.TargetId!, remove, ct);
                    }

                    LinkValues.Write(group, null, (LinkValues.Members, desired));
                    await _recorder.LinkAsync(group, ct);
                }

                steps.Add(ProvisioningStep.Of("EntryExportUpdate", "export", "Success", "Group members updated in the target system."));
                result = new ObjectResult(change, null, steps, group.TargetId);
            }
            catch (TargetException e) when (!e.IsCredentialFailure)
            {
                steps.Add(ProvisioningStep.Of("EntryExportUpdate", "export", "Failure", e.Message));
                result = new ObjectResult(change, null, steps, group.TargetId, e.ErrorCode, e.Message, e.RecommendedAction, IsReferenceFailure: true);
            }

            if (_dryRun)
            {
                _diff.Add(change);
            }

            if (_focus is not null)
            {
                _results.Add(result);
            }

            await _recorder.FinishAsync(result with { Log = LogEntries.From(result, _recorder.Cycle, started, time.GetUtcNow(), previous) }, ct);
        });
    }

    private static string Describe(int count, List<string> ids, string verb) =>
        ids.Count == 0 ? "member".ToQuantity(count) : $"{"member".ToQuantity(count)}; {verb}: {string.Join(", ", ids)}";
}
