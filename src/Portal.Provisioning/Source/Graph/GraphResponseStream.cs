using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace Portal.Provisioning.Source.Graph;

/// <summary>
/// A Graph answer's body as a stream, through the SDK's request adapter (authentication, retry and throttling handlers)
/// with its failures raised as <c>ODataError</c>, as the SDK's own calls raise them, for pages the source reads itself.
/// </summary>
internal static class GraphResponseStream
{
    private static readonly Dictionary<string, ParsableFactory<IParsable>> Errors = new() { ["XXX"] = ODataError.CreateFromDiscriminatorValue };

    public static Task<Stream?> SendAsync(GraphServiceClient client, RequestInformation request, CancellationToken cancellationToken) =>
        client.RequestAdapter.SendPrimitiveAsync<Stream>(request, Errors, cancellationToken);
}
