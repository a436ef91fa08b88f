using System.Net;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace Portal.Provisioning.Source.Graph;

/// <summary>Describes a failed Graph request in words an admin can act on; never includes secrets.</summary>
internal static class GraphFailure
{
    public const string UserPermission = "User.Read.All";
    public const string GroupPermission = "Group.Read.All";
    public const string ApplicationPermission = "Application.Read.All";

    public static string Describe(string what, string permission, Exception exception, int maxRetries) => exception switch
    {
        DirectorySourceException e => $"Reading {what} failed: {e.Message}",
        ODataError { ResponseStatusCode: 403 } => $"Reading {what} was denied (403 Authorization_RequestDenied). {PermissionAdvice(permission)}",
        ODataError e when IsThrottled(e.ResponseStatusCode) =>
            $"Reading {what} was throttled by Graph (HTTP {e.ResponseStatusCode}); the read is incomplete and is repeated next cycle.",
        ODataError e => $"Reading {what} failed: Graph answered {e.ResponseStatusCode} {e.Error?.Code}: {e.Error?.Message}",
        AggregateException e when ThrottledStatus(e) is { } status =>
            $"Reading {what} stayed throttled by Graph (HTTP {status}) after {maxRetries} retries that honoured Retry-After; " +
            "the read is incomplete and is repeated next cycle.",
        ApiException e => $"Reading {what} failed: Graph answered HTTP {e.ResponseStatusCode}.",
        _ => $"Reading {what} failed: the page could not be read ({exception.GetType().Name}: {exception.Message}).",
    };

    public static string PermissionAdvice(string permission) =>
        $"The app registration lacks the Microsoft Graph application permission {permission}. In Entra ID open App registrations > " +
        $"the app > API permissions, add Microsoft Graph > Application permissions > {permission}, then select \"Grant admin consent\".";

    private static bool IsThrottled(int status) => status is 429 or (int)HttpStatusCode.ServiceUnavailable or (int)HttpStatusCode.GatewayTimeout;

    /// <summary>The SDK's retry handler gives up with an AggregateException whose inner exceptions carry the statuses.</summary>
    private static int? ThrottledStatus(AggregateException exception) =>
        exception.InnerExceptions.OfType<ApiException>().Select(e => (int?)e.ResponseStatusCode).LastOrDefault(s => s is { } v && IsThrottled(v))
        ?? (exception.Message.Contains("retries", StringComparison.OrdinalIgnoreCase) ? 429 : null);
}
