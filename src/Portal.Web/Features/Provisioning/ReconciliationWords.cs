using Portal.Data.Entities;
using Portal.Provisioning.Reconciliation;

namespace Portal.Web.Features.Provisioning;

/// <summary>A reconciliation report in a sentence or two, for the panel's summary: the differences only.</summary>
internal static class ReconciliationWords
{
    public static string Summary(ReconciliationReport report)
    {
        var differing = report.Sections.Where(s => s.MissingCount + s.DriftedCount + s.UnmanagedCount > 0).ToList();
        if (differing.Count == 0)
        {
            return "The target holds every linked object as the portal last exported it, and nothing else: "
                + string.Join(" and ", report.Sections.Select(s => Count(s.Linked, s.Kind))) + ".";
        }

        return string.Join(" ", differing.Select(s =>
        {
            var parts = new[]
            {
                s.DriftedCount > 0 ? $"{s.DriftedCount} edited in the target" : null,
                s.MissingCount > 0 ? $"{s.MissingCount} missing from it" : null,
                s.UnmanagedCount > 0 ? $"{s.UnmanagedCount} there not managed by the portal" : null,
            };
            return $"{Plural(s.Kind)}: {string.Join(", ", parts.OfType<string>())}.";
        }));
    }

    private static string Count(int count, ObjectKind kind) => $"{count} {(count == 1 ? kind.ToString().ToLowerInvariant() : Plural(kind).ToLowerInvariant())}";

    private static string Plural(ObjectKind kind) => kind == ObjectKind.User ? "Users" : "Groups";
}
