using Microsoft.Extensions.Time.Testing;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Provisioning.Tests.Cycles;

public sealed class QuarantineTransitionTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly EngineOptions _options = new();
    private readonly ProvisioningJob _job = new() { StatusCode = JobStatusCode.Active, Status = ProvisioningStatus.On };

    [Fact]
    public void Apply_EntersQuarantineWithGrowingPauses_AndLeavesItAfterAHealthyCycle()
    {
        var entered = QuarantineTransition.Apply(_job, QuarantineReason.EncounteredQuarantineException, "Unauthorized", _clock.GetUtcNow(), _options);

        Assert.True(entered.Entered);
        Assert.Equal(JobStatusCode.Quarantine, _job.StatusCode);
        Assert.Equal(_clock.GetUtcNow().AddHours(1), _job.Quarantine.NextAttempt);

        _clock.Advance(TimeSpan.FromHours(1));
        var again = QuarantineTransition.Apply(_job, QuarantineReason.EncounteredQuarantineException, "Unauthorized", _clock.GetUtcNow(), _options);
        Assert.False(again.Entered);
        Assert.Equal(_clock.GetUtcNow().AddHours(2), _job.Quarantine.NextAttempt);

        for (var i = 0; i < 10; i++)
        {
            QuarantineTransition.Apply(_job, QuarantineReason.EncounteredQuarantineException, "Unauthorized", _clock.GetUtcNow(), _options);
        }

        Assert.Equal(_clock.GetUtcNow().AddHours(24), _job.Quarantine.NextAttempt);

        var left = QuarantineTransition.Apply(_job, QuarantineReason.None, null, _clock.GetUtcNow(), _options);
        Assert.True(left.Left);
        Assert.Equal(QuarantineReason.None, _job.Quarantine.Reason);
        Assert.Equal(JobStatusCode.Active, _job.StatusCode);
        Assert.Null(_job.Quarantine.NextAttempt);
    }

    [Fact]
    public void Apply_ReportsAReasonChange_AndSwitchesTheJobOffAfterFourWeeks()
    {
        QuarantineTransition.Apply(_job, QuarantineReason.EncounteredEscrowProportionThreshold, "many failures", _clock.GetUtcNow(), _options);

        _clock.Advance(TimeSpan.FromDays(2));
        var changed = QuarantineTransition.Apply(_job, QuarantineReason.EncounteredQuarantineException, "Unauthorized", _clock.GetUtcNow(), _options);
        Assert.True(changed.ReasonChanged);

        _clock.Advance(TimeSpan.FromDays(27));
        QuarantineTransition.Apply(_job, QuarantineReason.EncounteredQuarantineException, "Unauthorized", _clock.GetUtcNow(), _options);
        Assert.Equal(ProvisioningStatus.Off, _job.Status);
        Assert.Equal(JobStatusCode.Paused, _job.StatusCode);
    }

    [Fact]
    public void Apply_LeavesNoScheduledPause_ForHeldDeletions()
    {
        QuarantineTransition.Apply(_job, QuarantineReason.TooManyDeletes, "held", _clock.GetUtcNow(), _options);

        Assert.Equal(JobStatusCode.Quarantine, _job.StatusCode);
        Assert.Null(_job.Quarantine.NextAttempt);
    }
}
