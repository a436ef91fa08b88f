using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Sandbox.Scim;

/// <summary>A target with latency answers each request only after that much of its clock has passed.</summary>
public sealed class SandboxScimLatencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryRequest_WaitsOutTheLatency_OnTheTargetsClock()
    {
        var latency = TimeSpan.FromMinutes(1);
        var step = TimeSpan.FromSeconds(5);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions { Latency = latency }, time, Ct);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SandboxScimOptions.DemoToken);

        // The clock moves in steps until the answer comes; the wait starts when the request arrives, so the answer
        // cannot come before a whole latency has been stepped through.
        var answer = http.GetAsync($"{server.ScimBaseUrl}/Users", Ct);
        var advanced = TimeSpan.Zero;
        while (!answer.IsCompleted && advanced < TimeSpan.FromHours(1))
        {
            await Task.Delay(20, Ct);
            time.Advance(step);
            advanced += step;
        }

        using var response = await answer;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(advanced, latency, TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task WithoutLatency_RequestsAnswerWithoutTheClockMoving()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions(), time, Ct);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SandboxScimOptions.DemoToken);

        using var response = await http.GetAsync($"{server.ScimBaseUrl}/Users", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
