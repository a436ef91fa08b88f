using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Portal.Sandbox.Graph;

internal sealed partial class GraphRequestRouter
{
    /// <summary>
    /// <c>GET /applications(appId='…')</c>: an app registration with its <c>passwordCredentials</c> as Graph lists them,
    /// a hint (the first three characters) and the dates, never a value.
    /// </summary>
    private GraphResult Application(string appId, string baseUrl)
    {
        if (directory.FindClient(appId) is not { } client)
        {
            return GraphResult.NotFound(appId);
        }

        return GraphResult.Ok(GraphJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", $"{baseUrl}/$metadata#applications/$entity");
            // An application object's id is not its appId; derived from it so it is the same every run.
            w.WriteString("id", new Guid(MD5.HashData(Encoding.UTF8.GetBytes(client.ClientId))).ToString());
            w.WriteString("appId", client.ClientId);
            w.WriteStartArray("passwordCredentials");
            foreach (var secret in client.Secrets)
            {
                w.WriteStartObject();
                w.WriteString("keyId", new Guid(MD5.HashData(Encoding.UTF8.GetBytes(client.ClientId + secret.DisplayName + secret.Hint))).ToString());
                w.WriteString("displayName", secret.DisplayName);
                if (secret.Hint is { } hint)
                {
                    w.WriteString("hint", hint);
                }
                else
                {
                    w.WriteNull("hint");
                }

                w.WriteNull("secretText");
                if (secret.EndDateTime is { } end)
                {
                    w.WriteString("endDateTime", end.UtcDateTime);
                }
                else
                {
                    w.WriteNull("endDateTime");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    [GeneratedRegex(@"^applications\(appId='(?<appId>[^']+)'\)$")]
    private static partial Regex ApplicationByAppId();
}
