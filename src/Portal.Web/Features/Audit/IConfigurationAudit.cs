namespace Portal.Web.Features.Audit;

/// <summary>Records a configuration change made through the UI, in Entra's activity words. Secrets appear only as "changed".</summary>
public interface IConfigurationAudit
{
    Task RecordAsync(ConfigurationChange change, CancellationToken cancellationToken = default);
}

/// <summary>One audited change: activity (e.g. "Update provisioning setting or credentials"), what it touched, and the property changes.</summary>
public sealed record ConfigurationChange(string Activity, string TargetType, string TargetId, IReadOnlyList<PropertyChange> Changes);

public sealed record PropertyChange(string Name, string? OldValue, string? NewValue);

/// <summary>Entra's audit activity names for provisioning configuration (reference §1.17).</summary>
public static class AuditActivities
{
    public const string UpdateSettings = "Update provisioning setting or credentials";
    public const string Enable = "Enable/start provisioning configuration";
    public const string Disable = "Disable/pause provisioning configuration";
    public const string Restart = "Enable/restart provisioning configuration";
    public const string UpdateMappings = "Update attribute mappings or scope";
    public const string AddApplication = "Add application";
    public const string DeleteApplication = "Delete application";
    public const string ReviewFailure = "Mark provisioning failure reviewed";
}
