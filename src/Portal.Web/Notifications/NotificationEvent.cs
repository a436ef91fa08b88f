using Portal.Data.Entities;

namespace Portal.Web.Notifications;

/// <summary>Something worth telling a tenant's admins, before it is stored and delivered.</summary>
public sealed record NotificationEvent(
    Guid TenantId,
    Guid? JobId,
    string Kind,
    NotificationSeverity Severity,
    string Title,
    string Body,
    int ObjectCount = 0,
    Guid? CycleId = null,
    IReadOnlyList<ErrorReason>? TopReasons = null,
    string? LogsLink = null);

/// <summary>One error reason of a cycle with how many objects hit it; the recommendation is what the admin can do.</summary>
public sealed record ErrorReason(string ErrorCode, string Reason, string? RecommendedAction, int Count);
