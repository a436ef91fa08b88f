using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Portal.Data;

namespace Portal.Web.Hosting.Hardening;

/// <summary>
/// Behind a reverse proxy every request comes from the proxy: the sign-in limit would count all users as one address, and
/// the sign-in redirect would say http where the browser used https. Only the proxies the operator names are believed.
/// </summary>
internal static class TrustedProxies
{
    private const string Setting = HardeningSettings.Section + ":" + nameof(HardeningSettings.TrustedProxies);

    public static ForwardedHeadersOptions? Options(HardeningSettings settings)
    {
        if (settings.TrustedProxies.Length == 0)
        {
            return null;
        }

        // One proxy in front: the address it saw is the last one it appended.
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in settings.TrustedProxies.Select(e => e.Trim()))
        {
            if (entry.Contains('/') && System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new PortalConfigurationException(
                    $"Setting '{Setting}' has '{entry}', which is neither an IP address nor a network; list the reverse proxies' addresses, e.g. 10.0.0.5 or 10.0.0.0/24.");
            }
        }

        return options;
    }
}
