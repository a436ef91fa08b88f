using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Sandbox.Graph;
using Portal.Testing;
using Portal.Web.Hosting;

namespace Portal.Web.Tests.Jobs;

/// <summary>
/// One portal node with only its background work (Hangfire server, cycles, notifications) on a test database, as a
/// worker host runs it. The sandbox servers the tests start listen on loopback, so private addresses are allowed.
/// </summary>
internal static class BackgroundNode
{
    public static async Task<IHost> StartAsync(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DatabaseSettings.ProviderKey] = database.Settings.Provider.ToString(),
            [DatabaseSettings.ConnectionStringKey] = database.Settings.ConnectionString,
            ["Targets:AllowPrivateNetwork"] = "true",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddPortalBackground();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>A tenant (not yet saved) whose directory is the Graph emulator, read with the demo app registration.</summary>
    public static Tenant SandboxTenant(IHost node, SandboxGraphServer graph)
    {
        var tenant = new Tenant { DirectoryId = SandboxDemoIds.TenantId, DisplayName = "Contoso" };
        tenant.Directory.ClientId = SandboxDemoIds.ClientId;
        tenant.Directory.ClientSecret = node.Services.GetRequiredService<SecretProtector>().Protect(SandboxDemoIds.ClientSecret);
        tenant.Directory.GraphBaseUrl = graph.BaseUrl;
        tenant.Directory.TokenEndpoint = graph.TokenEndpoint;
        return tenant;
    }
}
