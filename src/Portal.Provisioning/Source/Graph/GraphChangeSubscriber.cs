using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace Portal.Provisioning.Source.Graph;

/// <summary>
/// Keeps Graph change notifications for users and groups flowing to one URL. Subscribing afresh each time (then ending
/// the older subscriptions to the URL) rather than renewing means a new client state — after the client secret it is
/// derived from changed — takes effect at the next run, and a subscription Graph dropped comes back by itself.
/// </summary>
internal sealed class GraphChangeSubscriber(GraphServiceClient client, TimeProvider time)
{
    private static readonly string[] Resources = ["users", "groups"];

    public async Task SubscribeAsync(Uri notificationUrl, string clientState, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var url = notificationUrl.ToString();
        try
        {
            var older = (await client.Subscriptions.GetAsync(cancellationToken: cancellationToken))?.Value?
                .Where(s => string.Equals(s.NotificationUrl, url, StringComparison.OrdinalIgnoreCase)).ToList() ?? [];
            foreach (var resource in Resources)
            {
                await client.Subscriptions.PostAsync(new Subscription
                {
                    Resource = resource,
                    ChangeType = "created,updated,deleted",
                    NotificationUrl = url,
                    ClientState = clientState,
                    ExpirationDateTime = time.GetUtcNow() + lifetime,
                }, cancellationToken: cancellationToken);
            }

            foreach (var subscription in older)
            {
                await client.Subscriptions[subscription.Id].DeleteAsync(cancellationToken: cancellationToken);
            }
        }
        catch (ODataError e)
        {
            throw new DirectorySourceException(e.ResponseStatusCode == 403
                ? $"Subscribing to change notifications was denied (403). {GraphFailure.PermissionAdvice(GraphFailure.UserPermission)}"
                : $"Subscribing to change notifications at {url} failed: Graph answered {e.ResponseStatusCode} {e.Error?.Code}: {e.Error?.Message}", e)
            {
                IsCredentialFailure = e.ResponseStatusCode == 401,
            };
        }
    }
}
