using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Provisioning.Cycles;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;
using Portal.Web.Features.Mappings;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Features;

/// <summary>
/// The portal the provision-on-demand and reconciliation tests run against, over the real wire: the Graph emulator with a
/// given directory, the sandbox SCIM target, and a tenant whose SCIM app is set up, seen from a scope signed in to that
/// tenant as its admin.
/// </summary>
internal sealed class OnDemandPortal : IAsyncDisposable
{
    private readonly SandboxGraphServer _graph;
    private readonly PortalApplication _app;
    private readonly AsyncServiceScope _scope;

    private OnDemandPortal(SandboxGraphServer graph, SandboxScimServer scim, PortalApplication app, AsyncServiceScope scope, Guid tenantId, Guid applicationId,
        Guid jobId)
    {
        TenantId = tenantId;
        _graph = graph;
        Scim = scim;
        _app = app;
        _scope = scope;
        ApplicationId = applicationId;
        JobId = jobId;
    }

    public SandboxScimServer Scim { get; }

    public Guid TenantId { get; }

    public Guid ApplicationId { get; }

    public Guid JobId { get; }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public static async Task<OnDemandPortal> StartAsync(SandboxGraphDirectory directory)
    {
        var graph = await SandboxGraphServer.StartAsync(new SandboxGraphEmulator(directory), cancellationToken: Ct);
        var scim = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions(), Ct);
        var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso", SandboxDemoIds.TenantId);
        var (applicationId, jobId) = await SeedJobAsync(app, tenant.Id, graph, scim);
        var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestPrincipals.Of(tenant.Id, PortalRoles.TenantAdmin));
        return new OnDemandPortal(graph, scim, app, scope, tenant.Id, applicationId, jobId);
    }

    public T Get<T>() where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>A bUnit context whose components use this portal's services, signed in as the tenant's admin.</summary>
    public BunitContext ComponentContext()
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        context.Services.AddFallbackServiceProvider(_scope.ServiceProvider);
        var auth = context.AddAuthorization();
        auth.SetAuthorized("admin@contoso.example");
        auth.SetPolicies(PortalPolicies.TenantAdmin, PortalPolicies.HelpDesk);
        return context;
    }

    /// <summary>A new scope of the same tenant, signed in with another role.</summary>
    public AsyncServiceScope SignedInAs(string role)
    {
        var scope = _app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestPrincipals.Of(TenantId, role, "Harry Helpdesk"));
        return scope;
    }

    public PortalDbContext CreateContext() => _app.CreateContext(TenantId);

    /// <summary>An HTTP client of the portal, signed in to the tenant with the role.</summary>
    public Task<HttpClient> CreateClientAsync(string role) => _app.CreateClientAsync(TenantId, role);

    /// <summary>An HTTP client of the portal's API with a new key of the tenant.</summary>
    public async Task<HttpClient> CreateApiClientAsync(ApiAccess access) => (await _app.CreateApiClientAsync(TenantId, access)).Client;

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _app.DisposeAsync();
        await Scim.DisposeAsync();
        await _graph.DisposeAsync();
    }

    /// <summary>A group "Pilot" of seven users, assigned to the sandbox SCIM app with a role that provisions.</summary>
    public static SandboxGraphDirectory PilotDirectory(out string groupId, out List<string> members)
    {
        var directory = new SandboxGraphDirectory(SandboxDemoIds.TenantId);
        directory.RegisterClient(SandboxDemoIds.ReaderClient);
        directory.AddServicePrincipal(SandboxDemoIds.ScimApp);
        var group = directory.AddGroup(new Dictionary<string, object?> { ["displayName"] = "Pilot", ["mailNickname"] = "pilot" });
        members = Enumerable.Range(1, 7).Select(i => directory.AddUser(new Dictionary<string, object?>
        {
            ["displayName"] = $"Pilot User {i}", ["userPrincipalName"] = $"pilot{i}@contoso.example", ["mailNickname"] = $"pilot{i}",
            ["accountEnabled"] = true,
        })).ToList();
        members.ForEach(m => directory.AddMember(group, m));
        directory.Assign(SandboxDemoIds.ScimServicePrincipalId, group, SandboxDemoIds.ScimUserRoleId);
        groupId = group;
        return directory;
    }

    /// <summary>Adds <paramref name="count"/> people neither assigned to the app nor in the Pilot group: "Outside User 1", ….</summary>
    public static void AddOutsiders(SandboxGraphDirectory directory, int count)
    {
        foreach (var i in Enumerable.Range(1, count))
        {
            directory.AddUser(new Dictionary<string, object?> { ["displayName"] = $"Outside User {i}", ["userPrincipalName"] = $"outside{i}@contoso.example", ["mailNickname"] = $"outside{i}" });
        }
    }

    /// <summary>The job's mappings set to the defaults and its initial cycle run: what the tests then change.</summary>
    public async Task<CycleResult> ProvisionAsync()
    {
        await Get<MappingService>().RestoreDefaultsAsync(JobId, Ct);
        return await RunCycleAsync();
    }

    /// <summary>A cycle of the job now, whatever its schedule.</summary>
    public Task<CycleResult> RunCycleAsync() =>
        Get<ProvisioningEngine>().RunCycleAsync(TenantId, JobId, new CycleOptions(IgnoreQuarantineSchedule: true), Ct);

    // The tenant's directory connection to the emulator, and a SCIM app set up into the sandbox target.
    private static async Task<(Guid ApplicationId, Guid JobId)> SeedJobAsync(PortalApplication app, Guid tenantId, SandboxGraphServer graph, SandboxScimServer scim)
    {
        var protector = app.Services.GetRequiredService<SecretProtector>();
        await using var db = app.CreateContext(tenantId);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId, Ct);
        tenant.Directory.ClientId = SandboxDemoIds.ClientId;
        tenant.Directory.ClientSecret = protector.Protect(SandboxDemoIds.ClientSecret);
        tenant.Directory.GraphBaseUrl = graph.BaseUrl;
        tenant.Directory.TokenEndpoint = graph.TokenEndpoint;
        var job = new ProvisioningJob
        {
            Mode = ProvisioningMode.Automatic,
            Target = { BaseUrl = scim.ScimBaseUrl, Secret = protector.Protect(SandboxScimOptions.DemoToken) },
        };
        var application = new Application
        {
            DisplayName = "SCIM app", TemplateId = "scim", ServicePrincipalId = SandboxDemoIds.ScimServicePrincipalId, ProvisioningJob = job,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Applications.Add(application);
        await db.SaveChangesAsync(Ct);
        return (application.Id, job.Id);
    }
}
