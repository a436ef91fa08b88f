namespace Portal.Provisioning.Cycles;

/// <summary>The job id is unknown in the tenant the engine was asked to act for.</summary>
public sealed class ProvisioningJobNotFoundException(Guid jobId)
    : InvalidOperationException($"Provisioning job {jobId} does not exist in this tenant.");
