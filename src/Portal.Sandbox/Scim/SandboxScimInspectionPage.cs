using System.Net;
using System.Text;

namespace Portal.Sandbox.Scim;

/// <summary>A plain HTML view of the sandbox target for a person: its accounts, groups and latest requests.</summary>
internal static class SandboxScimInspectionPage
{
    private const int ShownRequests = 100;

    public static string Render(SandboxScimTarget target)
    {
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sandbox SCIM target ({target.Options.Mode})</title></head><body>");
        html.Append($"<h1>Sandbox SCIM target ({target.Options.Mode})</h1>");
        html.Append("<h2>Users</h2><table><thead><tr><th>id</th><th>userName</th><th>externalId</th><th>status</th></tr></thead><tbody>");
        foreach (var user in target.Users)
        {
            var status = user["active"]?.GetValue<bool>() == false ? "Suspended" : "Active";
            Row(html, user["id"]?.ToString(), user["userName"]?.ToString(), user["externalId"]?.ToString(), status);
        }

        html.Append("</tbody></table><h2>Groups</h2><table><thead><tr><th>id</th><th>displayName</th><th>members</th></tr></thead><tbody>");
        foreach (var group in target.Groups)
        {
            Row(html, group["id"]?.ToString(), group["displayName"]?.ToString(), ((group["members"] as System.Text.Json.Nodes.JsonArray)?.Count ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        html.Append($"</tbody></table><h2>Latest {ShownRequests} requests</h2><table><thead><tr><th>at</th><th>method</th><th>path</th><th>status</th><th>auth</th></tr></thead><tbody>");
        foreach (var request in target.Requests.Entries.TakeLast(ShownRequests).Reverse())
        {
            Row(html, request.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture), request.Method, request.PathAndQuery,
                request.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Auth);
        }

        html.Append("</tbody></table><p>JSON: <a href=\"accounts\">accounts</a>, <a href=\"requests\">requests</a>.</p></body></html>");
        return html.ToString();
    }

    private static void Row(StringBuilder html, params string?[] cells)
    {
        html.Append("<tr>");
        foreach (var cell in cells)
        {
            html.Append("<td>").Append(WebUtility.HtmlEncode(cell ?? "")).Append("</td>");
        }

        html.Append("</tr>");
    }
}
