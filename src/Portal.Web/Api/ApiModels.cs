using Portal.Data.Entities;
using Portal.Web.Features.Applications;

namespace Portal.Web.Api;

internal sealed record ApiJobList(IReadOnlyList<ApiJob> Value);

internal sealed record ApiMessage(string Message);

/// <summary>
/// The body of a provision request: the users' object ids in the directory; with <see cref="Preview"/>, what provisioning
/// them would do, with nothing written (any key may ask).
/// </summary>
internal sealed record ProvisionRequest(IReadOnlyList<string>? Users, bool Preview = false);

/// <summary>Every refusal: a short code and why, in words.</summary>
internal sealed record ApiError(string Error, string Message);

/// <summary>A job as the API returns it; the single-job answer adds what the Overview tab shows.</summary>
/// <remarks><paramref name="OpenFailures"/>: objects whose latest provisioning failed and is not reviewed (the Failures inbox's).</remarks>
internal sealed record ApiJob(
    Guid JobId, Guid ApplicationId, string Application, string Template, string Mode, string Status, string State,
    DateTimeOffset? LastCycleEndedAt, DateTimeOffset? NextCycleAt, int OpenFailures)
{
    public int? LinkedUsers { get; init; }
    public int? LinkedGroups { get; init; }
    public ApiQuarantine? Quarantine { get; init; }
    public ApiCycle? CurrentCycle { get; init; }
    public IReadOnlyList<ApiCycle>? Cycles { get; init; }

    /// <summary>Users and groups the job no longer manages: never provisioned or deprovisioned until managed again.</summary>
    public IReadOnlyList<ApiReleased>? NoLongerManaged { get; init; }

    public static ApiJob Of(ApplicationSummary a, IReadOnlyDictionary<Guid, int> openFailures) => new(a.JobId, a.Id, a.DisplayName, a.TemplateId,
        a.Mode.ToString(), a.Status.ToString(), a.StatusText, a.LastCycleEndedAt, a.NextCycleAt, openFailures.GetValueOrDefault(a.JobId));
}

internal sealed record ApiReleased(string Kind, string SourceId, string? DisplayName, DateTimeOffset Since, string? By)
{
    public static ApiReleased Of(ReleasedObject r) => new(r.Kind.ToString(), r.SourceId, r.DisplayName, r.ReleasedAt, r.ReleasedBy);
}

internal sealed record ApiQuarantine(string Reason, string? Error, DateTimeOffset? Since, DateTimeOffset? NextAttempt);

/// <summary>One cycle with its counts; <see cref="CompletedUnits"/> of <see cref="TotalUnits"/> is a running cycle's progress.</summary>
internal sealed record ApiCycle(
    Guid Id, string Kind, string State, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? StartedBy, bool SourceComplete,
    int Created, int Updated, int Disabled, int Deleted, int Skipped, int Failed, int Held, int CompletedUnits, int TotalUnits, string? Error)
{
    public static ApiCycle Of(Cycle c) => new(c.Id, c.Kind.ToString(), c.State.ToString(), c.StartedAt, c.EndedAt, c.StartedBy, c.SourceComplete,
        c.Created, c.Updated, c.Disabled, c.Deleted, c.Skipped, c.Failed, c.Held, c.CompletedUnits, c.TotalUnits, c.Error);
}
