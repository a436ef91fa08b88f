namespace Portal.Web.Notifications;

/// <summary>The events admins and help desk learn about without watching the portal.</summary>
public static class NotificationKinds
{
    public const string CycleFailed = "CycleFailed";
    public const string ObjectsFailed = "ObjectsFailed";
    public const string QuarantineEntered = "QuarantineEntered";
    public const string QuarantineLeft = "QuarantineLeft";
    public const string DeletionThresholdHeld = "DeletionThresholdHeld";
    public const string SourceReadIncomplete = "SourceReadIncomplete";
    public const string CredentialsRejected = "CredentialsRejected";
    public const string EscrowAged = "EscrowAged";
    public const string ConnectionCheckFailed = "ConnectionCheckFailed";
    public const string TargetDrifted = "TargetDrifted";
    public const string CycleUndone = "CycleUndone";

    /// <summary>Of the whole directory (no job): the client secret the portal reads it with ends soon or has ended.</summary>
    public const string ClientSecretExpiring = "ClientSecretExpiring";

    /// <summary>Of the whole tenant: an API key in use ends soon or has ended.</summary>
    public const string ApiKeyExpiring = "ApiKeyExpiring";

    /// <summary>Not an event: the week's summary a job's admins asked for; emailed to the job's notification email only.</summary>
    public const string WeeklySummary = "WeeklySummary";
}
