using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Portal.Sandbox.Graph;

/// <summary>The emulator's two entry points: the token endpoint and every Graph v1.0 GET.</summary>
internal static class SandboxGraphEndpoints
{
    public static RouteGroupBuilder Map(IEndpointRouteBuilder app, string prefix, SandboxGraphEmulator emulator)
    {
        var group = app.MapGroup(prefix);
        group.MapPost("/{tenant}/oauth2/v2.0/token", (HttpContext context, string tenant) => IssueTokenAsync(context, tenant, emulator));
        group.MapGet("/v1.0/{**path}", (HttpContext context, string? path) => ServeAsync(context, prefix, path ?? "", emulator));
        group.MapMethods("/v1.0/{**path}", ["POST", "PATCH", "PUT", "DELETE"], (HttpContext context, string? path) => ChangeAsync(context, path ?? "", emulator));
        SandboxGraphControlEndpoints.Map(group, emulator);
        return group;
    }

    private static async Task IssueTokenAsync(HttpContext context, string tenant, SandboxGraphEmulator emulator)
    {
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is BadHttpRequestException or OperationCanceledException)
        {
            // A client that gave up mid-request (a timeout, a cancelled cycle) sent less than it announced. It is in
            // the request log as the malformed request it is, not an unhandled failure of the emulator; the
            // connection is gone, so nothing is answered.
            RecordTokenRequest(context, emulator, 400, null);
            return;
        }

        int status;
        byte[] body;
        if (!string.Equals(tenant, emulator.Directory.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            (status, body) = (400, OAuthError("invalid_request", $"AADSTS90002: Tenant '{tenant}' not found. Check the directory (tenant) id."));
        }
        else
        {
            var (token, error, description) = emulator.Tokens.Issue(form["grant_type"], form["client_id"], form["client_secret"], form["scope"]);
            (status, body) = token is null
                ? (error == "invalid_client" ? 401 : 400, OAuthError(error!, description!))
                : (200, GraphJson.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("token_type", "Bearer");
                    w.WriteNumber("expires_in", (int)emulator.Tokens.Lifetime.TotalSeconds);
                    w.WriteNumber("ext_expires_in", (int)emulator.Tokens.Lifetime.TotalSeconds);
                    w.WriteString("access_token", token);
                    w.WriteEndObject();
                }));
        }

        RecordTokenRequest(context, emulator, status, form["client_id"]);
        await WriteAsync(context, status, body);
    }

    private static void RecordTokenRequest(HttpContext context, SandboxGraphEmulator emulator, int status, string? clientId) =>
        emulator.RequestLog.Add(new GraphRequestRecord(emulator.Time.GetUtcNow(), "POST", context.Request.Path, new Dictionary<string, string>(), status, null, clientId));

    private static async Task ServeAsync(HttpContext context, string prefix, string path, SandboxGraphEmulator emulator)
    {
        var request = context.Request;
        var baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}{prefix.TrimEnd('/')}/v1.0";
        var client = Authorize(context, emulator, IsSubscriptions(path) ? SubscriptionPermissions : GraphRequestRouter.AcceptedPermissions(path), out var denied);
        GraphResult result;
        GraphFault? fault = null;
        if (denied is not null)
        {
            result = denied;
        }
        else if ((fault = emulator.Faults.Take(path + request.QueryString.Value)) is { Kind: GraphFaultKind.TooManyRequests or GraphFaultKind.ServiceUnavailable })
        {
            var throttled = fault.Kind == GraphFaultKind.TooManyRequests;
            context.Response.Headers.RetryAfter = Math.Ceiling((fault.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds).ToString(CultureInfo.InvariantCulture);
            result = throttled
                ? new GraphResult(429, GraphJson.Error("TooManyRequests", "Please retry again later."))
                : new GraphResult(503, GraphJson.Error("serviceNotAvailable", "The service is temporarily unavailable. Please retry later."));
        }
        else
        {
            if (fault is { Kind: GraphFaultKind.SlowPage })
            {
                await Task.Delay(fault.Delay ?? TimeSpan.FromSeconds(2), emulator.Time, context.RequestAborted);
            }

            result = IsSubscriptions(path) ? emulator.Subscriptions.List(client!.ClientId) : emulator.Router.Handle(path, request.Query, baseUrl);
        }

        var retryAttempt = int.TryParse(request.Headers["Retry-Attempt"], CultureInfo.InvariantCulture, out var attempt) ? attempt : (int?)null;
        var query = request.Query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        emulator.RequestLog.Add(new GraphRequestRecord(emulator.Time.GetUtcNow(), request.Method, "/" + path, query, result.Status, retryAttempt, client?.ClientId));
        if (result.Location is not null)
        {
            context.Response.Headers.Location = result.Location;
        }

        if (fault is { Kind: GraphFaultKind.TruncatedPage } && result.Status == 200)
        {
            // Promise the whole body, send half, drop the connection: the client sees a broken page, not an error status.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = result.Body.Length;
            await context.Response.Body.WriteAsync(result.Body.AsMemory(0, result.Body.Length / 2), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
            return;
        }

        await WriteAsync(context, result.Status, result.Body);
    }

    private static async Task ChangeAsync(HttpContext context, string path, SandboxGraphEmulator emulator)
    {
        var client = Authorize(context, emulator, IsSubscriptions(path) ? SubscriptionPermissions : GraphWriteRouter.AcceptedPermissions(path), out var denied);
        var result = denied;
        if (result is null)
        {
            JsonElement body = default;
            if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                try
                {
                    using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                    body = document.RootElement.Clone();
                }
                catch (JsonException e)
                {
                    result = GraphResult.BadRequest($"The body is not valid JSON: {e.Message}");
                }
            }

            result ??= IsSubscriptions(path)
                ? await emulator.Subscriptions.HandleAsync(context.Request.Method, path.Trim('/').Split('/'), body, client!.ClientId, context.RequestAborted)
                : emulator.Writer.Handle(context.Request.Method, path, body);
        }

        emulator.RequestLog.Add(new GraphRequestRecord(emulator.Time.GetUtcNow(), context.Request.Method, "/" + path, new Dictionary<string, string>(), result.Status, null, client?.ClientId));
        await WriteAsync(context, result.Status, result.Body);
    }

    // Subscribing to users or groups takes the permission that reads them.
    private static readonly IReadOnlyList<string> SubscriptionPermissions =
        [SandboxGraphPermissions.UserReadAll, SandboxGraphPermissions.GroupReadAll, SandboxGraphPermissions.DirectoryReadAll, SandboxGraphPermissions.DirectoryReadWriteAll];

    private static bool IsSubscriptions(string path) =>
        path.Trim('/').Split('/')[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase);

    /// <summary>The calling app, or the 401/403 to answer: no valid token, or none of the accepted permissions.</summary>
    internal static SandboxClient? Authorize(HttpContext context, SandboxGraphEmulator emulator, IReadOnlyList<string>? accepted, out GraphResult? denied)
    {
        denied = null;
        var client = emulator.Tokens.Resolve(BearerToken(context.Request));
        if (client is null)
        {
            denied = new GraphResult(401, GraphJson.Error("InvalidAuthenticationToken", "Access token is empty, invalid or expired."));
        }
        else if (accepted is not null && !accepted.Any(client.Permissions.Contains))
        {
            denied = new GraphResult(403, GraphJson.Error("Authorization_RequestDenied",
                $"Insufficient privileges to complete the operation. The application needs one of: {string.Join(", ", accepted)}."));
        }

        return client;
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    private static byte[] OAuthError(string error, string description) => GraphJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("error", error);
        w.WriteString("error_description", description);
        w.WriteStartArray("error_codes");
        if (int.TryParse(description.AsSpan(6, description.IndexOf(':', StringComparison.Ordinal) - 6), CultureInfo.InvariantCulture, out var code))
        {
            w.WriteNumberValue(code);
        }

        w.WriteEndArray();
        w.WriteString("timestamp", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ssZ", CultureInfo.InvariantCulture));
        w.WriteString("trace_id", Guid.NewGuid().ToString());
        w.WriteString("correlation_id", Guid.NewGuid().ToString());
        w.WriteEndObject();
    });

    internal static async Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        if (body.Length == 0)
        {
            return;
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
