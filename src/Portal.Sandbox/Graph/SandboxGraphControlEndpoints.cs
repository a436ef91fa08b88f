using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Portal.Sandbox.Graph;

/// <summary>
/// Sandbox-only switches for an emulator running in another process (not part of Graph): inject or clear faults,
/// expire delta tokens, read the request log. They need a token of an app holding Directory.ReadWrite.All.
/// </summary>
internal static class SandboxGraphControlEndpoints
{
    private static readonly string[] Admin = [SandboxGraphPermissions.DirectoryReadWriteAll];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Body of <c>POST sandbox/faults</c>.</summary>
    private sealed record FaultRequest(GraphFaultKind Kind, int Count = 1, string? PathContains = null, double? RetryAfterSeconds = null, int? DelayMilliseconds = null);

    public static void Map(RouteGroupBuilder group, SandboxGraphEmulator emulator)
    {
        group.MapPost("/sandbox/faults", (HttpContext context) => Guarded(context, emulator, InjectFaultAsync));
        group.MapDelete("/sandbox/faults", (HttpContext context) => Guarded(context, emulator, ClearFaults));
        group.MapPost("/sandbox/deltaTokens/expire", (HttpContext context) => Guarded(context, emulator, ExpireDeltaTokens));
        group.MapGet("/sandbox/requests", (HttpContext context) => Guarded(context, emulator, Requests));
    }

    private static Task<byte[]> ClearFaults(HttpContext context, SandboxGraphEmulator emulator)
    {
        emulator.Faults.Clear();
        return Task.FromResult<byte[]>([]);
    }

    private static Task<byte[]> ExpireDeltaTokens(HttpContext context, SandboxGraphEmulator emulator)
    {
        emulator.Directory.ExpireDeltaTokens();
        return Task.FromResult<byte[]>([]);
    }

    private static Task<byte[]> Requests(HttpContext context, SandboxGraphEmulator emulator) =>
        Task.FromResult(JsonSerializer.SerializeToUtf8Bytes(emulator.RequestLog.Snapshot(), Json));

    private static async Task<byte[]> InjectFaultAsync(HttpContext context, SandboxGraphEmulator emulator)
    {
        var request = await JsonSerializer.DeserializeAsync<FaultRequest>(context.Request.Body, Json, context.RequestAborted)
            ?? throw new FormatException("A fault needs a body.");
        emulator.Faults.Inject(new GraphFault(request.Kind, request.Count, request.PathContains,
            request.RetryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
            request.DelayMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null));
        return [];
    }

    private static async Task Guarded(HttpContext context, SandboxGraphEmulator emulator, Func<HttpContext, SandboxGraphEmulator, Task<byte[]>> action)
    {
        SandboxGraphEndpoints.Authorize(context, emulator, Admin, out var denied);
        if (denied is not null)
        {
            await SandboxGraphEndpoints.WriteAsync(context, denied.Status, denied.Body);
            return;
        }

        byte[] body;
        try
        {
            body = await action(context, emulator);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            await SandboxGraphEndpoints.WriteAsync(context, 400, GraphJson.Error("Request_BadRequest", e.Message));
            return;
        }

        await SandboxGraphEndpoints.WriteAsync(context, body.Length == 0 ? 204 : 200, body);
    }
}
