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
    private const int BlockBytes = 64 * 1024;

    public static async Task WriteAsync(ReconciliationReport report, Stream output, CancellationToken cancellationToken)
    {
        var csv = new CsvRowBuffer(BlockBytes * 2);
        Row(csv, "Type", "Difference", "Name", "Source id", "Target id", "Attribute", "Last exported", "In the target");
        foreach (var section in report.Sections)
        {
            var kind = section.Kind == ObjectKind.User ? "User" : "Group";
            foreach (var d in section.Drifted)
            {
                foreach (var a in d.Attributes)
                {
                    Row(csv, kind, "Edited in the target", d.DisplayName, d.SourceId, d.TargetId, a.Name, a.Exported, a.InTarget);
                }
            }

            foreach (var m in section.Missing)
            {
                Row(csv, kind, "Missing from the target", m.DisplayName, m.SourceId, m.TargetId, null, null, null);
            }

            foreach (var u in section.Unmanaged)
            {
                Row(csv, kind, "Not managed by the portal", u.DisplayName, null, u.TargetId, "active", null, u.Active?.ToString());
            }

            if (csv.Length >= BlockBytes)
            {
                await csv.WriteToAsync(output, cancellationToken);
            }
        }

        await csv.WriteToAsync(output, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private static void Row(CsvRowBuffer csv, params string?[] fields)
    {
        foreach (var field in fields)
        {
            csv.Field(field);
        }

        csv.EndRow();
    }
}
