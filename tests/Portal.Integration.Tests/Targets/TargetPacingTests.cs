using Microsoft.Extensions.Time.Testing;
using Portal.Data.Entities;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Targets;

/// <summary>Rate limit and Retry-After against the sandbox over loopback, paced by a fake clock rather than waited for.</summary>
public sealed class TargetPacingTests
{
    private static readonly TimeSpan Liveness = TimeSpan.FromSeconds(20);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Connector_TakesTheRateAndBurstFromTheDialectProfile_OverThePortalDefault()
    {
        var time = new FakeTimeProvider();
        await using var sandbox = await ScimSandbox.StartAsync(options: ScimSandbox.FastOptions with { Time = time });
        var connector = sandbox.Factory.Create(sandbox.Settings(profileJson: """{"requestsPerSecond": 2, "burst": 1}""") with { RequestsPerSecond = 25 });

        await connector.FindAsync(ObjectKind.User, "userName", "a@contoso.com", Ct).WaitAsync(Liveness, Ct);
        var second = connector.FindAsync(ObjectKind.User, "userName", "b@contoso.com", Ct);
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(second.IsCompleted);
        Assert.Single(sandbox.Target.Requests.Entries);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(Liveness, Ct);
        Assert.Equal(2, sandbox.Target.Requests.Entries.Count);
    }

    [Fact]
    public async Task Connector_WaitsTheRetryAfterOfA429_BeforeAskingAgain()
    {
        var time = new FakeTimeProvider();
        await using var sandbox = await ScimSandbox.StartAsync(options: ScimSandbox.FastOptions with { Time = time, MaxRetryAfter = TimeSpan.FromMinutes(2) });
        sandbox.Target.Faults.Add(new SandboxFault(SandboxFaultKind.TooManyRequests, Count: 1, RetryAfterSeconds: 30));
        var connector = sandbox.Connector();

        var find = connector.FindAsync(ObjectKind.User, "userName", "a@contoso.com", Ct);
        // Step the clock a second at a time: the retry may come only once 30 fake seconds have passed.
        var advanced = TimeSpan.Zero;
        while (!find.IsCompleted && advanced < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(20, Ct);
            time.Advance(TimeSpan.FromSeconds(1));
            advanced += TimeSpan.FromSeconds(1);
        }

        Assert.InRange(advanced, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));
        Assert.Empty(await find.WaitAsync(Liveness, Ct));
        Assert.Equal([429, 200], sandbox.Target.Requests.Entries.Select(r => r.Status));
    }
}
