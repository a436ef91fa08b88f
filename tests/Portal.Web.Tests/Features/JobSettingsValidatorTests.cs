using Portal.Data.Entities;
using Portal.Web.Features.Provisioning;

namespace Portal.Web.Tests.Features;

public sealed class JobSettingsValidatorTests
{
    [Theory]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(1440, false)]
    [InlineData(1441, true)]
    public void Validate_EnforcesTheIntervalRange_WhenMinutesAreGiven(int minutes, bool rejected)
    {
        var input = Valid();
        input.IntervalMinutes = minutes;

        var errors = JobSettingsValidator.Validate(input);

        Assert.Equal(rejected, errors.ContainsKey(nameof(JobSettingsInput.IntervalMinutes)));
    }

    [Fact]
    public void Validate_RequiresTenantUrlAndSecret_WhenModeIsAutomaticAndNothingIsStored()
    {
        var input = Valid();
        input.TenantUrl = "not a url";
        input.SecretIsSet = false;

        var errors = JobSettingsValidator.Validate(input);

        Assert.Contains("'not a url'", errors[nameof(JobSettingsInput.TenantUrl)]);
        Assert.True(errors.ContainsKey(nameof(JobSettingsInput.NewSecret)));
    }

    [Fact]
    public void Validate_RequiresAnEmail_WhenSendOnFailureIsTicked()
    {
        var input = Valid();
        input.SendNotificationOnFailure = true;
        input.NotificationEmail = null;

        Assert.True(JobSettingsValidator.Validate(input).ContainsKey(nameof(JobSettingsInput.NotificationEmail)));
    }

    [Fact]
    public void Validate_RequiresAnEmail_WhenTheWeeklySummaryIsTicked()
    {
        var input = Valid();
        (input.SendWeeklySummary, input.SendNotificationOnFailure, input.NotificationEmail) = (true, false, " ");

        Assert.Equal("Enter a Notification Email to send the weekly summary to.", JobSettingsValidator.Validate(input)[nameof(JobSettingsInput.NotificationEmail)]);
    }

    [Fact]
    public void Validate_RefusesStatusOn_WhenModeIsManual()
    {
        var input = Valid();
        input.Mode = ProvisioningMode.Manual;

        Assert.True(JobSettingsValidator.Validate(input).ContainsKey(nameof(JobSettingsInput.Status)));
    }

    [Fact]
    public void Validate_AcceptsTheSeedFlowSettings_WhenEverythingIsFilledIn()
    {
        Assert.Empty(JobSettingsValidator.Validate(Valid()));
    }

    private static JobSettingsInput Valid() => new()
    {
        Mode = ProvisioningMode.Automatic,
        TenantUrl = "https://api.getgo.com/identity/v1",
        AdminUserName = "admin@contoso.test",
        SecretIsSet = true,
        NotificationEmail = "ops@contoso.test",
        SendNotificationOnFailure = true,
        PreventAccidentalDeletions = true,
        DeletionThreshold = 500,
        IntervalMinutes = 40,
        Status = ProvisioningStatus.On,
    };
}
