using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Provisioning;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Source;
using Portal.Provisioning.Targets;
using Portal.Provisioning.Targets.Scim;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;
using Portal.Testing;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// The whole engine on real parts: the Graph emulator and the strict sandbox SCIM target on loopback ports, the real
/// Graph SDK source and SCIM client, and a real SQLite or PostgreSQL database. The job is set up through the job
/// file import, as <c>portal sync run</c> does.
/// </summary>
internal sealed class EngineSandbox : IAsyncDisposable
{
    public const string Sp = SandboxDemoIds.ScimServicePrincipalId;
    public const string UserRole = SandboxDemoIds.ScimUserRoleId;
    public const string AdminRole = SandboxDemoIds.ScimAdminRoleId;

    private readonly ServiceProvider _services;

    private EngineSandbox(TestDatabase database, SandboxGraphServer graph, SandboxScimServer scim, ServiceProvider services)
    {
        Database = database;
        Graph = graph;
        Scim = scim;
        _services = services;
    }

    public TestDatabase Database { get; }

    public SandboxGraphServer Graph { get; }

    public SandboxScimServer Scim { get; }

    public SandboxGraphDirectory Directory => Graph.Emulator.Directory;

    public ProvisioningEngine Engine => _services.GetRequiredService<ProvisioningEngine>();

    public Guid TenantId { get; private set; }

    public Guid JobId { get; private set; }

    /// <remarks>
    /// scim: SCIM client options (fast back-off for fault tests), the connector's defaults when null; sqliteOptions:
    /// extra SQLite connection string keywords; graphOptions: the emulator's (e.g. small pages); targetOptions: the
    /// sandbox SCIM target's (e.g. latency).
    /// </remarks>
    public static async Task<EngineSandbox> StartAsync(DatabaseProvider provider, EngineOptions? options = null, TimeProvider? time = null,
        ScimClientOptions? scim = null, string? sqliteOptions = null, SandboxGraphOptions? graphOptions = null, SandboxScimOptions? targetOptions = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await TestDatabase.CreateAsync(provider, sqliteOptions);
        await database.MigrateAsync();
        var directory = new SandboxGraphDirectory(SandboxDemoIds.TenantId);
        directory.RegisterClient(SandboxDemoIds.ReaderClient);
        directory.AddServicePrincipal(SandboxDemoIds.ScimApp);
        var graph = await SandboxGraphServer.StartAsync(new SandboxGraphEmulator(directory, graphOptions), cancellationToken: ct);
        var scimServer = await SandboxScimServer.StartAsync("http://127.0.0.1:0", targetOptions ?? new SandboxScimOptions(), ct);
        var services = new ServiceCollection()
            .AddSingleton(time ?? TimeProvider.System);
        if (scim is not null)
        {
            services.AddSingleton(scim);
        }

        var built = services
            .AddPortalData(database.Settings)
            .AddGraphDirectorySource(o =>
            {
                o.MaxRetries = 1;
                o.RetryDelaySeconds = 0;
            })
            .AddScimTargets()
            .AddProvisioning((options ?? new EngineOptions()) with { AllowPrivateNetworkTargets = true, TargetRequestsPerSecond = null })
            .BuildServiceProvider();
        return new EngineSandbox(database, graph, scimServer, built);
    }

    public SyncJobFile JobFile(int deletionThreshold = 500) => new(
        new SyncJobSource(SandboxDemoIds.TenantId, SandboxDemoIds.ClientId, SandboxDemoIds.ClientSecret, Sp, Graph.BaseUrl, Graph.TokenEndpoint),
        new SyncJobTarget(Scim.ScimBaseUrl, Secret: SandboxScimOptions.DemoToken),
        DeletionThreshold: deletionThreshold,
        AllowPrivateNetwork: true);

    /// <summary>The job file with these user attribute mappings and scoping filters (the template's where null).</summary>
    public SyncJobFile UsersMapped(IReadOnlyList<SyncJobAttribute>? attributes = null, params SyncJobFilter[] filters) =>
        JobFile() with { Mappings = new SyncJobMappings(Users: new SyncJobObjectMapping(Attributes: attributes, Filters: filters)) };

    public async Task ConfigureAsync(SyncJobFile? file = null)
    {
        (TenantId, JobId) = await SyncJobImport.ApplyAsync(t => Database.CreateContext(t), file ?? JobFile(),
            _services.GetRequiredService<SecretProtector>(), DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
    }

    public Task<CycleResult> RunAsync(CycleOptions? options = null, CancellationToken? cancellationToken = null) =>
        Engine.RunCycleAsync(TenantId, JobId, options ?? new CycleOptions(IgnoreQuarantineSchedule: true), cancellationToken ?? TestContext.Current.CancellationToken);

    public string AddUser(string alias, string department = "Sales") => Directory.AddUser(new Dictionary<string, object?>
    {
        ["displayName"] = $"User {alias}",
        ["userPrincipalName"] = $"{alias}@contoso.example",
        ["mail"] = $"{alias}@contoso.example",
        ["mailNickname"] = alias,
        ["givenName"] = alias,
        ["surname"] = "Tester",
        ["department"] = department,
        ["accountEnabled"] = true,
    });

    /// <summary>A security group, as groups assigned to apps are.</summary>
    public string AddGroup(string displayName) =>
        Directory.AddGroup(new Dictionary<string, object?> { ["displayName"] = displayName, ["securityEnabled"] = true, ["mailEnabled"] = false });

    public void Unassign(string principalId) =>
        Directory.Unassign(Sp, Directory.Assignments(Sp).Single(a => a.PrincipalId == principalId).Id);

    /// <summary>Target users by userName.</summary>
    public Dictionary<string, JsonObject> TargetUsers() =>
        Scim.Target.Users.ToDictionary(u => u["userName"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);

    public static string? Department(JsonObject user) =>
        user["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]?["department"]?.GetValue<string>();

    public static bool Active(JsonObject user) => user["active"]?.GetValue<bool>() ?? true;

    /// <summary>Changes the target directly over its SCIM API, behind the portal's back (as someone editing it by hand).</summary>
    public async Task<JsonNode?> SendToTargetAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, $"{Scim.ScimBaseUrl}/{path}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SandboxScimOptions.DemoToken);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/scim+json");
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public async Task<ProvisioningJob> JobAsync()
    {
        await using var db = Database.CreateContext(TenantId);
        return await db.ProvisioningJobs.AsNoTracking().SingleAsync(j => j.Id == JobId, TestContext.Current.CancellationToken);
    }

    public async Task<List<ProvisioningLogEntry>> LogsAsync(Guid cycleId)
    {
        await using var db = Database.CreateContext(TenantId);
        return await db.ProvisioningLogs.AsNoTracking().Where(l => l.CycleId == cycleId).ToListAsync(TestContext.Current.CancellationToken);
    }

    public async Task<List<LinkedObject>> LinksAsync()
    {
        await using var db = Database.CreateContext(TenantId);
        return await db.LinkedObjects.AsNoTracking().Where(l => l.JobId == JobId).ToListAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Scim.DisposeAsync();
        await Graph.DisposeAsync();
        await Database.DisposeAsync();
    }
}
