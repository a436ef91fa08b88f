namespace Portal.Provisioning.Targets;

/// <summary>
/// A failed target call in the words of the provisioning log: an Entra error code (<c>Conflict</c>,
/// <c>TooManyRequests</c>, <c>Unauthorized</c>, <c>InvalidAnchor</c>, <c>Timeout</c>,
/// <c>SystemForCrossDomainIdentityManagementServiceIncompatible</c>, ...), the target's own message and a
/// recommendation an admin can act on.
/// </summary>
public sealed class TargetException(
    string errorCode,
    string reason,
    string recommendedAction,
    int? httpStatus = null,
    bool isTransient = false,
    bool isCredentialFailure = false,
    Exception? inner = null,
    bool recreateWanted = false) : Exception(reason, inner)
{
    public string ErrorCode { get; } = errorCode;
    public string RecommendedAction { get; } = recommendedAction;
    public int? HttpStatus { get; } = httpStatus;

    /// <summary>Worth retrying in a later cycle (throttling, 5xx, timeouts) — escrow with back-off.</summary>
    public bool IsTransient { get; } = isTransient;

    /// <summary>The target refused the credentials: the job goes to quarantine rather than failing object by object.</summary>
    public bool IsCredentialFailure { get; } = isCredentialFailure;

    /// <summary>
    /// The linked object no longer exists in the target and the target's 404-on-update policy is re-create: the engine
    /// creates it again with all mapped attributes and relinks it, instead of failing the object.
    /// </summary>
    public bool RecreateWanted { get; } = recreateWanted;
}
