using Portal.Provisioning.Source;

namespace Portal.Web.Features.DirectorySource;

/// <summary>
/// The Microsoft clouds a tenant's directory can live in, with their sign-in authority and Graph endpoint. A fixed list
/// rather than free-form URLs: the portal sends the tenant's client secret to these hosts, so an admin cannot point
/// it anywhere else. The built-in emulator is offered only to a tenant already connected to it (the demo tenant).
/// </summary>
public sealed record DirectoryCloud(string Id, string Name, string? AuthorityHost, string GraphBaseUrl)
{
    public const string EmulatorId = "emulator";

    public static readonly DirectoryCloud Global = new("global", "Microsoft Entra ID (global)", null, DirectorySourceSettings.GlobalGraphBaseUrl);

    public static readonly IReadOnlyList<DirectoryCloud> Known =
    [
        Global,
        new("usgov", "US Government (GCC High)", "https://login.microsoftonline.us", "https://graph.microsoft.us/v1.0"),
        new("usgov-dod", "US Government (DoD)", "https://login.microsoftonline.us", "https://dod-graph.microsoft.us/v1.0"),
        new("china", "China (operated by 21Vianet)", "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn/v1.0"),
    ];

    public static DirectoryCloud? Find(string? id) => Known.FirstOrDefault(c => c.Id == id);

    /// <summary>Which cloud stored endpoints belong to; a token endpoint of its own means the emulator.</summary>
    public static string IdOf(string? graphBaseUrl, string? tokenEndpoint) =>
        tokenEndpoint is not null ? EmulatorId
            : Known.FirstOrDefault(c => string.Equals(c.GraphBaseUrl, graphBaseUrl ?? Global.GraphBaseUrl, StringComparison.OrdinalIgnoreCase))?.Id ?? Global.Id;
}
