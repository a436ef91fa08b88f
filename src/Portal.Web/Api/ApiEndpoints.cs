using Microsoft.AspNetCore.Authorization;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Web.Endpoints;
using Portal.Web.Features.Api;
using Portal.Web.Features.Applications;
using Portal.Web.Features.HelpDesk;
using Portal.Web.Features.Provisioning;
using Portal.Web.Hosting.Hardening;
using Portal.Web.Identity;

namespace Portal.Web.Api;

/// <summary>
/// The portal's API for scripts and monitoring, per tenant, with an API key: its jobs and their state, each job's recent
/// cycles, starting a cycle (keys that may), and the provisioning log. JSON; times in UTC.
/// </summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapPortalApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = ApiKeyAuthenticationHandler.SchemeName, Policy = PortalPolicies.HelpDesk })
            .RequireRateLimiting(WebHardeningSetup.ApiPolicy)
            .AddEndpointFilter(async (context, next) =>
            {
                // The tenant is the key's: known only once the API scheme authenticated the request.
                context.HttpContext.RequestServices.GetRequiredService<CurrentUser>().Set(context.HttpContext.User);
                return await next(context);
            });
        api.MapGet("/jobs", ListJobsAsync).WithSummary("The tenant's jobs and their state").Produces<ApiJobList>();
        api.MapGet("/jobs/{jobId:guid}", GetJobAsync).WithSummary("One job with its quarantine, running cycle, last 25 cycles and what it no longer manages")
            .Produces<ApiJob>().Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapPost("/jobs/{jobId:guid}/start", StartCycleAsync).WithSummary("Start a cycle now (keys that may provision)")
            .Produces<ApiMessage>(StatusCodes.Status202Accepted).Produces<ApiError>(StatusCodes.Status403Forbidden)
            .Produces<ApiError>(StatusCodes.Status404NotFound).Produces<ApiError>(StatusCodes.Status409Conflict);
        api.MapPost("/jobs/{jobId:guid}/provision", ProvisionAsync)
            .WithSummary($"Provision 1 to {ProvisioningEngine.OnDemandMaxUsers} users now, by object id, as provision on demand does (keys that may provision), "
                + "or preview it with \"preview\": true (any key): every step but the export, nothing written")
            .Produces<OnDemandOutcome>().Produces<ApiError>(StatusCodes.Status400BadRequest).Produces<ApiError>(StatusCodes.Status403Forbidden)
            .Produces<ApiError>(StatusCodes.Status404NotFound).Produces<ApiError>(StatusCodes.Status409Conflict);
        // The provisioning log with the Logs page's filters (jobId, status, action, identity, cycleId, from, to), for a SIEM.
        api.MapGet("/logs", LogExportEndpoints.ExportJsonAsync)
            .WithSummary("The provisioning log, filtered by jobId, status, action, identity, cycleId, from and to; streamed as a JSON array")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        endpoints.MapPortalApiDescription();
        return endpoints;
    }

    private static async Task<IResult> ListJobsAsync(ApplicationCatalog catalog, FailuresInbox failures, CancellationToken ct)
    {
        var open = await failures.CountOpenByJobAsync(ct);
        return Results.Ok(new ApiJobList([.. (await catalog.ListAsync(ct)).Select(a => ApiJob.Of(a, open))]));
    }

    private static async Task<IResult> GetJobAsync(Guid jobId, JobProgressQuery progress, ApplicationCatalog catalog, FailuresInbox failures,
        CancellationToken ct)
    {
        // Another tenant's job is as unknown as one that never was.
        if (await progress.LoadAsync(jobId, ct) is not { } job
            || await catalog.FindAsync(job.Job.ApplicationId, ct) is not { } summary)
        {
            return NotFound(jobId);
        }

        return Results.Ok(ApiJob.Of(summary, await failures.CountOpenByJobAsync(ct)) with
        {
            LinkedUsers = job.LinkedUsers,
            LinkedGroups = job.LinkedGroups,
            Quarantine = job.Job.Quarantine.Reason == QuarantineReason.None
                ? null
                : new ApiQuarantine(job.Job.Quarantine.Reason.ToString(), job.Job.Quarantine.Error, job.Job.Quarantine.CurrentBegan, job.Job.Quarantine.NextAttempt),
            CurrentCycle = job.Current is { } current ? ApiCycle.Of(current) : null,
            Cycles = [.. job.Ended.Select(ApiCycle.Of)],
            NoLongerManaged = [.. (job.Job.Released ?? []).Select(ApiReleased.Of)],
        });
    }

    private static async Task<IResult> StartCycleAsync(Guid jobId, HttpContext http, IProvisioningActions actions, ProvisionedAccounts jobs, CancellationToken ct)
    {
        if (await RefusalAsync(jobId, http, jobs, ct) is { } refusal)
        {
            return refusal;
        }

        var outcome = await actions.StartCycleAsync(jobId, ct);
        return outcome.Succeeded
            ? Results.Json(new ApiMessage(outcome.Message), statusCode: StatusCodes.Status202Accepted)
            : Results.Json(new ApiError("conflict", outcome.Message), statusCode: StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> ProvisionAsync(Guid jobId, ProvisionRequest request, HttpContext http, IProvisioningActions actions,
        ProvisionedAccounts jobs, CancellationToken ct)
    {
        if (await RefusalAsync(jobId, http, jobs, ct, readsOnly: request.Preview) is { } refusal)
        {
            return refusal;
        }

        var users = request.Users?.Where(u => !string.IsNullOrWhiteSpace(u)).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
        if (users.Count is 0 or > ProvisioningEngine.OnDemandMaxUsers)
        {
            return Results.Json(new ApiError("bad_request", $"Send {{\"users\": [object ids]}} with 1 to {ProvisioningEngine.OnDemandMaxUsers} users; {users.Count} were sent."),
                statusCode: StatusCodes.Status400BadRequest);
        }

        // Refused before anything ran (the job cannot run, the rate limit): a conflict; otherwise what ran, failures included.
        var outcome = await actions.ProvisionUsersOnDemandAsync(jobId, users, ct, request.Preview);
        return outcome.Steps.Count == 0 && outcome.Members.Count == 0
            ? Results.Json(new ApiError("conflict", outcome.Message), statusCode: StatusCodes.Status409Conflict)
            : Results.Ok(outcome);
    }

    // A key that may only read provisions nothing (a preview it may: it reads); another tenant's job is as unknown as one
    // that never was.
    private static async Task<IResult?> RefusalAsync(Guid jobId, HttpContext http, ProvisionedAccounts jobs, CancellationToken ct, bool readsOnly = false)
    {
        if (!readsOnly && http.User.FindFirst(ApiKeyAuthenticationHandler.AccessClaim)?.Value != nameof(ApiAccess.ReadAndProvision))
        {
            return Results.Json(new ApiError("forbidden", $"This API key may only read; a key with \"{ApiKeys.AccessName(ApiAccess.ReadAndProvision)}\" may do this."),
                statusCode: StatusCodes.Status403Forbidden);
        }

        return await jobs.JobExistsAsync(jobId, ct) ? null : NotFound(jobId);
    }

    private static IResult NotFound(Guid jobId) => Results.Json(new ApiError("not_found", $"No job {jobId} in this tenant."),
        statusCode: StatusCodes.Status404NotFound);
}
