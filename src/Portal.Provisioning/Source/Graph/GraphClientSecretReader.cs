using Microsoft.Graph;

namespace Portal.Provisioning.Source.Graph;

/// <summary>
/// Reads the portal's own app registration (<c>GET /applications(appId='…')?$select=passwordCredentials</c>, allowed by
/// Application.Read.All, which the portal needs anyway) to learn when the client secret it signs in with expires.
/// </summary>
internal sealed class GraphClientSecretReader(GraphServiceClient client, DirectorySourceSettings settings, TimeProvider time, int maxRetries)
{
    public async Task<ClientSecretStatus?> ReadAsync(CancellationToken cancellationToken)
    {
        Microsoft.Graph.Models.Application? registration;
        try
        {
            registration = await client.ApplicationsWithAppId(settings.ClientId).GetAsync(
                rc => rc.QueryParameters.Select = ["id", "passwordCredentials"], cancellationToken);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw new DirectorySourceException(
                GraphFailure.Describe($"the client secrets of app registration {settings.ClientId}", GraphFailure.ApplicationPermission, ex, maxRetries), ex);
        }

        var hint = settings.ClientSecret[..Math.Min(3, settings.ClientSecret.Length)];
        var now = time.GetUtcNow();
        // The secret in use signed in, so a listed secret that has already ended is not it.
        var candidates = (registration?.PasswordCredentials ?? [])
            .Where(p => string.Equals(p.Hint, hint, StringComparison.Ordinal) && !(p.EndDateTime < now))
            .OrderBy(p => p.EndDateTime ?? DateTimeOffset.MaxValue)
            .ToList();
        return candidates.Count == 0
            ? null
            : new ClientSecretStatus(candidates[0].EndDateTime, candidates[0].DisplayName, candidates.Count);
    }
}
