using Portal.Data.Entities;
using Portal.Provisioning.Reconciliation;
using Portal.Web.Features.Logs;

namespace Portal.Web.Features.Provisioning;

/// <summary>
/// A reconciliation report as CSV, one row per difference (an edited object has a row per attribute), for the
/// differences past the tab's first 500 and for a spreadsheet.
/// </summary>
internal static class ReconciliationCsv
{
    public static async Task WriteAsync(ReconciliationReport report, Stream output, CancellationToken cancellationToken)
    {
        var csv = new CsvRowBuffer();
        csv.Row("Type", "Difference", "Name", "Source id", "Target id", "Attribute", "Last exported", "In the target");
        foreach (var section in report.Sections)
        {
            var kind = section.Kind == ObjectKind.User ? "User" : "Group";
            foreach (var d in section.Drifted)
            {
                foreach (var a in d.Attributes)
                {
                    csv.Row(kind, "Edited in the target", d.DisplayName, d.SourceId, d.TargetId, a.Name, a.Exported, a.InTarget);
                }
            }

            foreach (var m in section.Missing)
            {
                csv.Row(kind, "Missing from the target", m.DisplayName, m.SourceId, m.TargetId, null, null, null);
            }

            foreach (var u in section.Unmanaged)
            {
                csv.Row(kind, "Not managed by the portal", u.DisplayName, null, u.TargetId, "active", null, u.Active?.ToString());
            }

            await csv.WriteWhenFullAsync(output, cancellationToken);
        }

        await csv.CompleteAsync(output, cancellationToken);
    }
}
