using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Web.Audit;
using Portal.Web.Identity;
using Portal.Web.Tests.Features;
using Portal.Web.Tests.Identity;

namespace Portal.Web.Tests.Api;

/// <summary>
/// The API over the real host: a tenant's key reads its jobs and starts a cycle when it may; a missing, unknown,
/// revoked or expired key, or a session cookie, is refused with why.
/// </summary>
public sealed class ApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AKey_ListsItsTenantsJobs_ReadsOneWithItsCycles_AndItsLog()
    {
        await using var app = new PortalApplication();
        var a = await TenantData.SeedAsync(app, "Alpha");
        var b = await TenantData.SeedAsync(app, "Bravo");
        var (client, key) = await app.CreateApiClientAsync(a.Tenant.Id, ApiAccess.Read);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/jobs", Ct);
        var job = Assert.Single(list.GetProperty("value").EnumerateArray());
        Assert.Equal(a.JobId, job.GetProperty("jobId").GetGuid());
        Assert.Equal("Alpha Payroll", job.GetProperty("application").GetString());
        Assert.Equal("Off", job.GetProperty("status").GetString());
        Assert.Equal(1, job.GetProperty("openFailures").GetInt32());

        var one = await client.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{a.JobId}", Ct);
        var cycle = Assert.Single(one.GetProperty("cycles").EnumerateArray());
        Assert.Equal((a.CycleId, "Initial", "Succeeded", 1, 1), (cycle.GetProperty("id").GetGuid(), cycle.GetProperty("kind").GetString(),
            cycle.GetProperty("state").GetString(), cycle.GetProperty("created").GetInt32(), cycle.GetProperty("failed").GetInt32()));
        Assert.Equal(JsonValueKind.Null, one.GetProperty("currentCycle").ValueKind);
        var released = Assert.Single(one.GetProperty("noLongerManaged").EnumerateArray());
        Assert.Equal(("User", "Alpha-released", "Alpha Person Left Alone"),
            (released.GetProperty("kind").GetString(), released.GetProperty("sourceId").GetString(), released.GetProperty("displayName").GetString()));

        // The log, filtered as on the Logs page; B's rows never, even asked for by B's job id.
        var failures = await client.GetFromJsonAsync<JsonElement>($"/api/v1/logs?jobId={a.JobId}&status=Failure", Ct);
        var failure = Assert.Single(failures.EnumerateArray());
        Assert.Equal("Alpha Person Two", failure.GetProperty("sourceIdentity").GetProperty("displayName").GetString());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/api/v1/logs?jobId={b.JobId}", Ct)).EnumerateArray());

        await using var db = app.CreateContext(a.Tenant.Id);
        Assert.NotNull((await db.ApiKeys.SingleAsync(k => k.Id == key.Id, Ct)).LastUsedAt);
        // Downloads are audited as any: by the key.
        Assert.Contains(await db.AuditEvents.Where(e => e.Activity == AuditActivities.DownloadProvisioningLogs).Select(e => e.ActorName).ToListAsync(Ct),
            n => n == $"API key '{key.Name}'");
    }

    [Fact]
    public async Task StartingACycle_NeedsAKeyThatMay_AndAnotherTenantsJobIsNotFound()
    {
        await using var app = new PortalApplication();
        var a = await TenantData.SeedAsync(app, "Alpha");
        var b = await TenantData.SeedAsync(app, "Bravo");
        var (reader, _) = await app.CreateApiClientAsync(a.Tenant.Id, ApiAccess.Read);
        var (operate, _) = await app.CreateApiClientAsync(a.Tenant.Id, ApiAccess.ReadAndProvision);

        var refused = await reader.PostAsync($"/api/v1/jobs/{a.JobId}/start", null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("may only read", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var started = await operate.PostAsync($"/api/v1/jobs/{a.JobId}/start", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await operate.PostAsync($"/api/v1/jobs/{b.JobId}/start", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operate.GetAsync($"/api/v1/jobs/{b.JobId}", Ct)).StatusCode);
    }

    [Fact]
    public async Task AKeyThatMayProvision_ProvisionsUsersOnDemand_OverTheRealWire_AndAReadKeyMayNot_ButMayPreview()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out var members);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        using var client = await portal.CreateApiClientAsync(ApiAccess.ReadAndProvision);
        var url = $"/api/v1/jobs/{portal.JobId}/provision";

        var two = await client.PostAsJsonAsync(url, new { users = members.Take(2) }, Ct);

        Assert.Equal(HttpStatusCode.OK, two.StatusCode);
        var outcome = await two.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("2 users: 2 provisioned, 0 failed, 0 left alone.", outcome.GetProperty("message").GetString());
        Assert.All(outcome.GetProperty("members").EnumerateArray(), m => Assert.Equal("Create", m.GetProperty("action").GetString()));
        Assert.Equal(2, portal.Scim.Target.Users.Count);

        // One user: Entra's steps, as the Provision on demand tab shows them.
        var one = await (await client.PostAsJsonAsync(url, new { users = new[] { members[2] } }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Create", one.GetProperty("action").GetString());
        Assert.NotEmpty(one.GetProperty("steps").EnumerateArray());
        Assert.Equal(3, portal.Scim.Target.Users.Count);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync(url, new { users = Array.Empty<string>() }, Ct)).StatusCode);
        using var reader = await portal.CreateApiClientAsync(ApiAccess.Read);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync(url, new { users = new[] { members[3] } }, Ct)).StatusCode);
        Assert.Equal(3, portal.Scim.Target.Users.Count);

        // A preview writes nothing, so a key that may only read may ask for it.
        var preview = await reader.PostAsJsonAsync(url, new { users = new[] { members[0], members[3] }, preview = true }, Ct);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var previewed = await preview.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("2 users: 1 would be provisioned, 0 would fail, 1 would be left alone.", previewed.GetProperty("message").GetString());
        Assert.Equal(["Other", "Would create"], previewed.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("action").GetString()).Order());
        Assert.Equal(3, portal.Scim.Target.Users.Count);
    }

    [Fact]
    public async Task AKeyOverItsRequestsAMinute_Gets429WithWhenToTryAgain_AndOtherKeysGoOn()
    {
        await using var app = new PortalApplication();
        app.Settings["Portal:Hardening:ApiRequestsPerMinute"] = "3";
        var tenant = await app.AddTenantAsync("Contoso");
        var (busy, _) = await app.CreateApiClientAsync(tenant.Id, ApiAccess.Read);
        var (other, _) = await app.CreateApiClientAsync(tenant.Id, ApiAccess.Read);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await busy.GetAsync("/api/v1/jobs", Ct)).StatusCode);
        }

        var refused = await busy.GetAsync("/api/v1/jobs", Ct);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        var why = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("too_many_requests", why.GetProperty("error").GetString());
        Assert.StartsWith("This API key may make 3 requests a minute; wait ", why.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/jobs", Ct)).StatusCode);
    }

    [Fact]
    public async Task NoKey_AnUnknownRevokedOrExpiredKey_AndASessionCookie_AreRefusedWithWhy()
    {
        await using var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso");

        var anonymous = await app.CreateAnonymousClient().GetAsync("/api/v1/jobs", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var challenge = anonymous.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith("Bearer error=\"invalid_token\", error_description=\"Send an API key", challenge, StringComparison.Ordinal);
        // Kestrel refuses a header with anything but printable ASCII (the test server does not): none may slip in.
        Assert.All(challenge, c => Assert.InRange(c, ' ', '~'));

        Assert.Contains("not known", await RefusalAsync(app, "ptl_0123456789ab_not-the-key"), StringComparison.Ordinal);
        Assert.Contains("not a portal API key", await RefusalAsync(app, "eyJhbGciOi.some.jwt"), StringComparison.Ordinal);

        var (expired, _) = await app.CreateApiClientAsync(tenant.Id, expiresAt: DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Contains("expired", await (await expired.GetAsync("/api/v1/jobs", Ct)).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var (revoked, key) = await app.CreateApiClientAsync(tenant.Id);
        Assert.Equal(HttpStatusCode.OK, (await revoked.GetAsync("/api/v1/jobs", Ct)).StatusCode);
        await using (var db = app.CreateContext(tenant.Id))
        {
            (await db.ApiKeys.SingleAsync(k => k.Id == key.Id, Ct)).RevokedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync(Ct);
        }

        var afterRevoke = await revoked.GetAsync("/api/v1/jobs", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Contains("revoked", await afterRevoke.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // A signed-in tenant admin's browser cannot be made to call the API: the cookie does not count.
        using var admin = await app.CreateClientAsync(tenant.Id, PortalRoles.TenantAdmin);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/api/v1/jobs", Ct)).StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocument_DescribesTheApiOnly_AndItsBearerKey_WithoutAKey()
    {
        await using var app = new PortalApplication();

        var document = await app.CreateAnonymousClient().GetFromJsonAsync<JsonElement>("/api/v1/openapi.json", Ct);

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["/api/v1/jobs", "/api/v1/jobs/{jobId}", "/api/v1/jobs/{jobId}/provision", "/api/v1/jobs/{jobId}/start", "/api/v1/logs"], paths);
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("scheme").GetString());
        var job = document.GetProperty("components").GetProperty("schemas").GetProperty("ApiJob").GetProperty("properties");
        Assert.True(job.TryGetProperty("nextCycleAt", out _));
    }

    private static async Task<string> RefusalAsync(PortalApplication app, string token)
    {
        using var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var response = await client.GetAsync("/api/v1/jobs", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }
}
