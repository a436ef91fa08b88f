using System.Net.Mail;
using Portal.Data.Entities;

namespace Portal.Web.Features.Provisioning;

/// <summary>Checks the Provisioning tab's fields; each error names the field, the value and what to do.</summary>
public static class JobSettingsValidator
{
    public const int MinIntervalMinutes = 5;
    public const int MaxIntervalMinutes = 24 * 60;

    /// <summary>Field name (a <see cref="JobSettingsInput"/> property) → message. Empty when the input can be saved.</summary>
    public static IReadOnlyDictionary<string, string> Validate(JobSettingsInput input)
    {
        var errors = new Dictionary<string, string>();
        var automatic = input.Mode == ProvisioningMode.Automatic;

        if (automatic && !IsHttpUrl(input.TenantUrl))
        {
            errors[nameof(input.TenantUrl)] = string.IsNullOrWhiteSpace(input.TenantUrl)
                ? "Tenant URL is required for automatic provisioning."
                : $"Tenant URL '{input.TenantUrl}' is not an absolute http(s) address; enter e.g. https://example.com/scim/v2.";
        }

        if (automatic && !input.SecretIsSet && string.IsNullOrEmpty(input.NewSecret))
        {
            errors[nameof(input.NewSecret)] = "Enter the admin credential (token or password) for automatic provisioning.";
        }

        if (input.AuthKind == TargetAuthKind.OAuthClientCredentials && automatic && !IsHttpUrl(input.TokenEndpoint))
        {
            errors[nameof(input.TokenEndpoint)] = string.IsNullOrWhiteSpace(input.TokenEndpoint)
                ? "Token Endpoint is required for OAuth 2.0 client credentials."
                : $"Token Endpoint '{input.TokenEndpoint}' is not an absolute http(s) address; enter the target's OAuth token URL.";
        }

        if (!string.IsNullOrWhiteSpace(input.NotificationEmail) && !IsEmail(input.NotificationEmail))
        {
            errors[nameof(input.NotificationEmail)] = $"Notification Email '{input.NotificationEmail}' is not an email address.";
        }
        else if (input.SendNotificationOnFailure && string.IsNullOrWhiteSpace(input.NotificationEmail))
        {
            errors[nameof(input.NotificationEmail)] = "Enter a Notification Email to send an email when a failure occurs.";
        }
        else if (input.SendWeeklySummary && string.IsNullOrWhiteSpace(input.NotificationEmail))
        {
            errors[nameof(input.NotificationEmail)] = "Enter a Notification Email to send the weekly summary to.";
        }

        if (input.PreventAccidentalDeletions && input.DeletionThreshold < 1)
        {
            errors[nameof(input.DeletionThreshold)] = $"Deletion threshold {input.DeletionThreshold} must be at least 1.";
        }

        if (input.IntervalMinutes is < MinIntervalMinutes or > MaxIntervalMinutes)
        {
            errors[nameof(input.IntervalMinutes)] =
                $"Interval {input.IntervalMinutes} minutes is outside {MinIntervalMinutes} minutes to 24 hours ({MaxIntervalMinutes} minutes).";
        }

        if (input.Status == ProvisioningStatus.On && !automatic)
        {
            errors[nameof(input.Status)] = "Set Provisioning Mode to Automatic before switching Provisioning Status On.";
        }

        return errors;
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static bool IsEmail(string value) =>
        value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .All(v => MailAddress.TryCreate(v, out var a) && a.Address == v);
}
