namespace Portal.Data.Entities;

public enum ProvisioningMode { Manual, Automatic }

/// <summary>The admin's switch: Off pauses, On resumes where it left off.</summary>
public enum ProvisioningStatus { Off, On }

/// <summary>Job status code as Graph's synchronizationStatus names it.</summary>
public enum JobStatusCode { NotConfigured, NotRun, Active, Paused, Quarantine }

public enum ProvisioningScope { AssignedOnly, All }

public enum QuarantineReason
{
    None,
    EncounteredBaseEscrowThreshold,
    EncounteredTotalEscrowThreshold,
    EncounteredEscrowProportionThreshold,
    EncounteredQuarantineException,
    TooManyDeletes,
    QuarantinedOnDemand,
    Unknown,
}

public enum TargetAuthKind { BearerToken, OAuthClientCredentials, Basic, GoToAdminPassword }

/// <summary>How an OAuth 2.0 client secret reaches the token endpoint (Entra's "How credentials are sent").</summary>
public enum OAuthClientSecretPlacement { Header, Body, Both }

public enum ObjectKind { User, Group }
