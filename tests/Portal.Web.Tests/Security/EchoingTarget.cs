using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Web.Tests.Security;

/// <summary>
/// A hostile target on loopback: its token endpoint and SCIM API refuse everything and echo the request's credentials
/// (Authorization header, form and body) back in their error bodies. Also the tenant's webhook receiver.
/// </summary>
internal sealed class EchoingTarget : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoingTarget(WebApplication app) => _app = app;

    public ConcurrentQueue<string> Webhooks { get; } = new();

    public string Address => _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

    public static async Task<EchoingTarget> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var target = new EchoingTarget(app);
        app.MapPost("/hooks", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            target.Webhooks.Enqueue(string.Join("\n", context.Request.Headers.Select(h => $"{h.Key}: {h.Value}")) + "\n" + await reader.ReadToEndAsync());
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        app.MapPost("/token", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var echo = $"Authorization: {context.Request.Headers.Authorization} form: {await reader.ReadToEndAsync()}";
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = "invalid_client", ["error_description"] = echo });
        });
        app.Map("/scim/{**rest}", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var echo = $"Authorization: {context.Request.Headers.Authorization} body: {await reader.ReadToEndAsync()}";
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "application/scim+json";
            await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
            {
                ["schemas"] = new[] { "urn:ietf:params:scim:api:messages:2.0:Error" },
                ["status"] = "400",
                ["scimType"] = "invalidValue",
                ["detail"] = echo,
            });
        });
        await app.StartAsync();
        return target;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
