using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Web.ChangeNotifications;

/// <summary>
/// The secret a tenant's subscriptions carry and Graph echoes in each notification, so the portal can tell Graph's
/// notifications from anyone else's POST: an HMAC of the directory id keyed with the tenant's own client secret. The
/// same on every node and after a restart, with nothing stored; a new client secret gives a new state at the next renewal.
/// </summary>
public static class ChangeClientState
{
    public static string For(string directoryId, string clientSecret)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret),
            Encoding.UTF8.GetBytes("portal-graph-change-notifications:" + directoryId.ToLowerInvariant()));
        return WebEncoders.Base64UrlEncode(mac);
    }

    public static bool Matches(string? presented, string expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
