using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Portal.Web.Endpoints;

namespace Portal.Web.ChangeNotifications;

/// <summary>
/// Where Graph should POST: the configured URL, or — with the sandbox on, whose Graph emulator runs in this process and
/// reaches it over loopback — the portal's own listening address, so the offline demo gets its notifications too.
/// Null (off) otherwise, and in a host that listens on no socket (a background-only node, a test server).
/// </summary>
public sealed class ChangeNotificationAddress(IOptions<ChangeNotificationOptions> options, IConfiguration configuration, IServer? server = null)
{
    public bool MayBeOn => options.Value.NotificationUrl is not null || configuration.GetValue(SandboxEndpoints.EnabledKey, false);

    public Uri? Resolve()
    {
        if (options.Value.NotificationUrl is { } configured)
        {
            return configured;
        }

        if (!configuration.GetValue(SandboxEndpoints.EnabledKey, false))
        {
            return null;
        }

        var own = server?.Features.Get<IServerAddressesFeature>()?.Addresses
            .FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
        return own is null ? null : new Uri(Loopback(own).TrimEnd('/') + ChangeNotificationEndpoints.Path);
    }

    // Kestrel names a wildcard binding by the wildcard; the emulator in this process calls it on loopback.
    private static string Loopback(string address) =>
        address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal);
}
