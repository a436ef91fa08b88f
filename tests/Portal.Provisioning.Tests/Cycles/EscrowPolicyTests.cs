using Microsoft.Extensions.Time.Testing;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Provisioning.Tests.Cycles;

public sealed class EscrowPolicyTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly EscrowPolicy _policy = new(new EngineOptions());

    [Fact]
    public void NextAttempt_BacksOffSixTwelveAndTwentyFourHours_ThenDaily()
    {
        var first = _clock.GetUtcNow();

        Assert.Equal(first.AddHours(6), _policy.NextAttempt(first, 1));
        Assert.Equal(first.AddHours(12), _policy.NextAttempt(first, 2));
        Assert.Equal(first.AddHours(24), _policy.NextAttempt(first, 3));
        Assert.Equal(first.AddHours(48), _policy.NextAttempt(first, 4));
        Assert.Equal(first.AddHours(72), _policy.NextAttempt(first, 5));
    }

    [Fact]
    public void IsExpired_AfterTwentyEightDays()
    {
        var entry = new EscrowEntry { SourceId = "u1", FirstFailedAt = _clock.GetUtcNow() };

        _clock.Advance(TimeSpan.FromDays(28));
        Assert.False(_policy.IsExpired(entry, _clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(_policy.IsExpired(entry, _clock.GetUtcNow()));
    }

    [Theory]
    [InlineData(4_000, 0, 0, QuarantineReason.None)]
    [InlineData(45_000, 0, 100_000, QuarantineReason.EncounteredBaseEscrowThreshold)]
    [InlineData(30_000, 0, 5_000, QuarantineReason.EncounteredEscrowProportionThreshold)]
    [InlineData(20_000, 0, 100_000, QuarantineReason.None)]
    [InlineData(40_000, 21_000, 1_000_000, QuarantineReason.EncounteredTotalEscrowThreshold)]
    public void Evaluate_FollowsEntrasWorkedExamples(int failures, int referenceFailures, int inSync, QuarantineReason expected)
    {
        Assert.Equal(expected, _policy.Evaluate(failures, referenceFailures, inSync));
    }
}
