using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Identity;
using Portal.Web.Jobs;

namespace Portal.Web.Tests.Identity;

/// <summary>
/// A portal host with one tenant seeded with every kind of data (<see cref="TenantData"/>) and a service scope signed in
/// as its tenant admin: the UI's services as a circuit calls them.
/// </summary>
internal sealed class SignedInTenant : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope;

    private SignedInTenant(PortalApplication app, TenantData data)
    {
        App = app;
        Data = data;
        _scope = app.Services.CreateAsyncScope();
        _scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestPrincipals.Of(data.Tenant.Id, PortalRoles.TenantAdmin, data.Marker + " Admin"));
    }

    public PortalApplication App { get; }

    public TenantData Data { get; }

    public T Get<T>() where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>The cycle the scheduler queued for the tenant's job (Hangfire's job, with its arguments); null when none is.</summary>
    public Job? QueuedCycle()
    {
        using var connection = App.Services.GetRequiredService<JobStorage>().GetConnection();
        var queued = connection.GetAllEntriesFromHash(ProvisioningScheduler.RecurringId(Data.JobId) + ":queued")?["jobId"];
        return queued is null ? null : connection.GetJobData(queued).Job;
    }

    public static async Task<SignedInTenant> StartAsync(string marker = "Alpha")
    {
        var app = new PortalApplication();
        return new SignedInTenant(app, await TenantData.SeedAsync(app, marker));
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await App.DisposeAsync();
    }
}
