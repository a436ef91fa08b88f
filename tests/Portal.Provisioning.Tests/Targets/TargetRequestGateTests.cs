using Microsoft.Extensions.Time.Testing;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Tests.Targets;

/// <summary>The per-target token bucket and parallelism bound, on a fake clock: no test here waits for real time.</summary>
public sealed class TargetRequestGateTests
{
    private static readonly TimeSpan Liveness = TimeSpan.FromSeconds(10);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnterAsync_LetsOneSecondOfBurstThrough_ThenOneRequestEvery40Milliseconds_AtTheDefaultRate()
    {
        var time = new FakeTimeProvider();
        var gate = new TargetRequestGate(maxParallelism: 1000, requestsPerSecond: 25, time);

        var burst = Enumerable.Range(0, 25).Select(_ => gate.EnterAsync(Ct)).ToList();
        Assert.All(burst, t => Assert.True(t.IsCompletedSuccessfully));

        var next = gate.EnterAsync(Ct);
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(39));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await next.WaitAsync(Liveness, Ct);

        var after = gate.EnterAsync(Ct);
        Assert.False(after.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(40));
        await after.WaitAsync(Liveness, Ct);
    }

    [Fact]
    public void EnterAsync_RefillsAtMostOneBurst_WhenTheTargetWasQuietForLong()
    {
        var time = new FakeTimeProvider();
        var gate = new TargetRequestGate(maxParallelism: 1000, requestsPerSecond: 25, time);
        Assert.All(Enumerable.Range(0, 25).Select(_ => gate.EnterAsync(Ct)).ToList(), t => Assert.True(t.IsCompletedSuccessfully));

        time.Advance(TimeSpan.FromMinutes(10));

        var again = Enumerable.Range(0, 26).Select(_ => gate.EnterAsync(Ct)).ToList();
        Assert.Equal(25, again.Count(t => t.IsCompletedSuccessfully));
        Assert.False(again[^1].IsCompleted);
    }

    [Fact]
    public async Task EnterAsync_FollowsTheConfiguredRateAndBurst_OfOneTarget()
    {
        var time = new FakeTimeProvider();
        var gate = new TargetRequestGate(maxParallelism: 1000, requestsPerSecond: 5, time, burst: 2);

        Assert.True(gate.EnterAsync(Ct).IsCompletedSuccessfully);
        Assert.True(gate.EnterAsync(Ct).IsCompletedSuccessfully);
        var third = gate.EnterAsync(Ct);
        time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await third.WaitAsync(Liveness, Ct);
    }

    [Fact]
    public async Task EnterAsync_WaitsForAFreeSlot_WhenParallelismIsReached()
    {
        var gate = new TargetRequestGate(maxParallelism: 2, requestsPerSecond: null, new FakeTimeProvider());
        var first = await gate.EnterAsync(Ct);
        using var second = await gate.EnterAsync(Ct);

        var third = gate.EnterAsync(Ct);
        Assert.False(third.IsCompleted);
        first.Dispose();
        first.Dispose();
        (await third.WaitAsync(Liveness, Ct)).Dispose();

        // Disposing the first slot twice freed it once: with the second and fourth holding the slots, a fifth caller waits.
        using var fourth = await gate.EnterAsync(Ct).WaitAsync(Liveness, Ct);
        Assert.False(gate.EnterAsync(Ct).IsCompleted);
    }

    [Fact]
    public void EnterAsync_NeverWaits_WhenTheRateLimitIsOff()
    {
        var gate = new TargetRequestGate(maxParallelism: 10_000, requestsPerSecond: null, new FakeTimeProvider());

        Assert.All(Enumerable.Range(0, 1000).Select(_ => gate.EnterAsync(Ct)).ToList(), t => Assert.True(t.IsCompletedSuccessfully));
    }
}
