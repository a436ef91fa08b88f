using System.Text;
using Microsoft.AspNetCore.Http;

namespace Portal.Sandbox.Scim;

/// <summary>Applies the next matching fault of the target around one SCIM request.</summary>
internal static class SandboxScimFaultFilter
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, SandboxScimTarget target)
    {
        var http = context.HttpContext;
        var fault = target.Faults.Take(http.Request.Method);
        switch (fault?.Kind)
        {
            case null or SandboxFaultKind.None:
                return await next(context);
            case SandboxFaultKind.TooManyRequests:
                http.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return SandboxScimEndpoints.Error(429, null, "Too many requests: the sandbox is simulating throttling.");
            case SandboxFaultKind.InternalServerError:
                return SandboxScimEndpoints.Error(500, null, "Simulated internal error in the sandbox target.");
            case SandboxFaultKind.ServiceUnavailable:
                return SandboxScimEndpoints.Error(503, null, "Simulated outage: the sandbox target is unavailable.");
        }

        var result = await next(context);
        switch (fault.Kind)
        {
            case SandboxFaultKind.Slow:
                await Task.Delay(fault.DelayMilliseconds, CancellationToken.None);
                return result;
            case SandboxFaultKind.DropConnectionAfterProcessing:
                http.Abort();
                return Results.Empty;
            case SandboxFaultKind.MalformedJson:
                return Results.Text("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"trunc", "application/scim+json", Encoding.UTF8, 200);
            case SandboxFaultKind.MissingId:
                // The request was processed, but the answer does not say which object it was.
                return Results.Text("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"unknown\"}", "application/scim+json", Encoding.UTF8,
                    http.Request.Method == "POST" ? 201 : 200);
            case SandboxFaultKind.LongId:
                // The request was processed, and the answer names it by an id longer than the link store keeps.
                return Results.Text($"{{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"{new string('7', 300)}\",\"userName\":\"unknown\"}}",
                    "application/scim+json", Encoding.UTF8, http.Request.Method == "POST" ? 201 : 200);
            case SandboxFaultKind.WrongShape:
                return Results.Text("[{\"id\":\"1\"}]", "application/scim+json", Encoding.UTF8, 200);
            case SandboxFaultKind.WrongContentType:
                return Results.Text("<html><body>Sign in to continue</body></html>", "text/html", Encoding.UTF8, 200);
            default:
                var padding = new string('x', Math.Max(0, fault.BodyBytes));
                return Results.Text($"{{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":0,\"Resources\":[],\"padding\":\"{padding}\"}}",
                    "application/scim+json", Encoding.UTF8, 200);
        }
    }
}
