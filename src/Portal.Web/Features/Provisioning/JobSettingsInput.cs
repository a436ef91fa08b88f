using Portal.Data.Entities;

namespace Portal.Web.Features.Provisioning;

/// <summary>
/// What the Provisioning tab edits. The secret is never loaded into it: <see cref="SecretIsSet"/> says whether one is
/// stored and <see cref="NewSecret"/> carries a replacement only when the admin typed one.
/// </summary>
public sealed class JobSettingsInput
{
    public ProvisioningMode Mode { get; set; }
    public string? TenantUrl { get; set; }
    public string? AdminUserName { get; set; }

    /// <summary>How the target authenticates; decides the credential labels. Editable for the generic SCIM application only.</summary>
    public TargetAuthKind AuthKind { get; set; }

    /// <summary>OAuth 2.0 client credentials: the token endpoint, the scope and how the client secret is sent.</summary>
    public string? TokenEndpoint { get; set; }
    public string? Scopes { get; set; }
    public OAuthClientSecretPlacement ClientSecretPlacement { get; set; }
    public bool SecretIsSet { get; set; }
    public string? NewSecret { get; set; }
    public string? NotificationEmail { get; set; }

    /// <summary>Read-only: the mail server refused the address (a bounce); cleared by the next delivered email.</summary>
    public string? NotificationEmailProblem { get; set; }
    public bool SendNotificationOnFailure { get; set; }
    public bool SendWeeklySummary { get; set; }
    public ProvisioningScope Scope { get; set; }
    public bool PreventAccidentalDeletions { get; set; }
    public int DeletionThreshold { get; set; }
    public bool SkipOutOfScopeDeletions { get; set; }
    public int IntervalMinutes { get; set; }
    public ProvisioningStatus Status { get; set; }

    /// <summary>Read-only: what, beyond these fields, decides what leaving does in the target (null until loaded with the job's mappings).</summary>
    public DeprovisioningFacts? Deprovisioning { get; set; }

    /// <summary>The concurrency stamp read with the settings; a save against a newer stamp is refused.</summary>
    public Guid ConcurrencyStamp { get; set; }

    public static JobSettingsInput From(ProvisioningJob job) => new()
    {
        Mode = job.Mode,
        TenantUrl = job.Target.BaseUrl,
        AdminUserName = job.Target.UserName,
        AuthKind = job.Target.AuthKind,
        TokenEndpoint = job.Target.TokenEndpoint,
        Scopes = job.Target.Scopes,
        ClientSecretPlacement = job.Target.ClientSecretPlacement,
        SecretIsSet = job.Target.Secret is not null,
        NotificationEmail = job.NotificationEmail,
        NotificationEmailProblem = job.NotificationEmailProblem,
        SendNotificationOnFailure = job.SendNotificationOnFailure,
        SendWeeklySummary = job.SendWeeklySummary,
        Scope = job.Scope,
        PreventAccidentalDeletions = job.PreventAccidentalDeletions,
        DeletionThreshold = job.DeletionThreshold,
        SkipOutOfScopeDeletions = job.SkipOutOfScopeDeletions,
        IntervalMinutes = (int)job.Interval.TotalMinutes,
        Status = job.Status,
        ConcurrencyStamp = job.ConcurrencyStamp,
    };
}
