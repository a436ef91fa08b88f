using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Portal.Sandbox.Scim;

namespace Portal.Sandbox;

public static class SandboxScimEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Mounts a sandbox SCIM target at <paramref name="prefix"/> (e.g. <c>/sandbox/scim</c>): the SCIM API, an OAuth
    /// token endpoint at <c>{prefix}/oauth/token</c> (client credentials and password grants) and the inspection API at
    /// <c>{prefix}/_sandbox/…</c> (accounts, request log, faults, token revocation). Returns the live target.
    /// </summary>
    public static SandboxScimTarget MapSandboxScim(this IEndpointRouteBuilder endpoints, string prefix, SandboxScimOptions options)
    {
        var target = new SandboxScimTarget(options);
        endpoints.MapSandboxScim(prefix, target);
        return target;
    }

    public static RouteGroupBuilder MapSandboxScim(this IEndpointRouteBuilder endpoints, string prefix, SandboxScimTarget target)
    {
        var root = endpoints.MapGroup(prefix);
        root.MapPost("/oauth/token", async (HttpContext http, CancellationToken _) => await SandboxScimTokenEndpoint.IssueAsync(http, target));
        SandboxScimInspection.Map(root.MapGroup("/_sandbox"), target);

        var scim = root.MapGroup("");
        scim.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            using var inFlight = target.Arrive();
            await target.LatencyAsync(http.RequestAborted);
            var auth = Authenticate(http, target);
            object? result = auth is null ? await SandboxScimFaultFilter.InvokeAsync(context, next, target) : auth;
            var status = (result as IStatusCodeHttpResult)?.StatusCode ?? http.Response.StatusCode;
            target.Requests.Add(new SandboxScimRequest(DateTimeOffset.UtcNow, http.Request.Method, http.Request.Path + http.Request.QueryString, status,
                AuthScheme(http), null));
            return result;
        });
        SandboxScimEndpoints.Map(scim, target);
        return root;
    }

    private static IResult? Authenticate(HttpContext http, SandboxScimTarget target)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && target.IsValidToken(header[7..].Trim()))
        {
            return null;
        }

        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && TryDecode(header[6..].Trim()) is { } pair
            && pair == $"{target.Options.AdminUserName}:{target.Options.AdminPassword}")
        {
            return null;
        }

        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"sandbox-scim\"";
        return SandboxScimEndpoints.Error(401, null, "The bearer token or admin credentials are invalid or expired.");
    }

    private static string AuthScheme(HttpContext http) => http.Request.Headers.Authorization.ToString().Split(' ', 2)[0] is { Length: > 0 } s ? s : "none";

    internal static string? TryDecode(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>The sandbox's OAuth 2.0 token endpoint: client credentials (secret in header or body) and GoTo's password grant.</summary>
internal static class SandboxScimTokenEndpoint
{
    public static async Task<IResult> IssueAsync(HttpContext http, SandboxScimTarget target)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        var grant = form?["grant_type"].ToString();
        var options = target.Options;
        var ok = grant switch
        {
            "client_credentials" => ClientMatches(http, form!, target),
            "password" => form!["username"] == options.AdminUserName && form["password"] == options.AdminPassword,
            _ => false,
        };
        if (!ok)
        {
            var error = grant is "client_credentials" or "password" ? "invalid_client" : "unsupported_grant_type";
            return Results.Json(new JsonObject { ["error"] = error, ["error_description"] = $"The sandbox refused the {grant ?? "missing"} grant: wrong credentials." }, statusCode: grant == "password" ? 400 : 401);
        }

        var (token, lifetime) = target.IssueToken();
        return Results.Json(new JsonObject { ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = lifetime });
    }

    private static bool ClientMatches(HttpContext http, IFormCollection form, SandboxScimTarget target)
    {
        var options = target.Options;
        var header = http.Request.Headers.Authorization.ToString();
        bool? headerOk = header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
            ? SandboxScimEndpointRouteBuilderExtensions.TryDecode(header[6..].Trim())?.Split(':', 2) is [var id, var secret]
                && Uri.UnescapeDataString(id) == options.ClientId && Uri.UnescapeDataString(secret) == options.ClientSecret
            : null;
        bool? bodyOk = form.ContainsKey("client_secret") ? form["client_id"] == options.ClientId && form["client_secret"] == options.ClientSecret : null;
        target.RecordClientSecretPlacement((headerOk, bodyOk) switch
        {
            (not null, not null) => "Both",
            (not null, null) => "Header",
            (null, not null) => "Body",
            _ => "None",
        });

        // Credentials sent twice must agree: a wrong copy anywhere is refused.
        return headerOk is not false && bodyOk is not false && (headerOk ?? bodyOk) == true;
    }
}
