namespace Portal.Sandbox.Graph;

/// <summary>A response the router decided on; written to the wire by the endpoint.</summary>
internal sealed record GraphResult(int Status, byte[] Body, string? Location = null)
{
    public static GraphResult Ok(byte[] body) => new(200, body);

    public static GraphResult NotFound(string what) =>
        new(404, GraphJson.Error("Request_ResourceNotFound", $"Resource '{what}' does not exist or one of its queried reference-property objects are not present."));

    public static GraphResult BadRequest(string message) => new(400, GraphJson.Error("Request_BadRequest", message));
}
