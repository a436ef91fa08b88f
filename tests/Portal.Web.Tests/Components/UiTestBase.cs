using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Testing;
using Portal.Web.Features.Applications;

namespace Portal.Web.Tests.Components;

/// <summary>A bUnit context on a migrated SQLite database with one tenant; <see cref="AddApplicationAsync"/> adds a gallery app ("GoTo Meeting", then "GoTo Meeting 2", …).</summary>
public abstract class UiTestBase : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.CreateSqlite();

    protected BunitContext Context { get; } = new();

    protected Guid TenantId { get; } = Guid.NewGuid();

    protected TestDatabase Database => _database;

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>Policies of the signed-in test user; tenant admin (and help desk) unless a test class narrows it.</summary>
    protected virtual string[] Policies => [];

    public async ValueTask InitializeAsync()
    {
        await _database.MigrateAsync();
        await using (var db = _database.CreateContext())
        {
            db.Tenants.Add(new Tenant { Id = TenantId, DirectoryId = Guid.NewGuid().ToString(), DisplayName = "Contoso", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Ct);
        }

        Context.AddPortalTestServices(_database.Settings, TenantId, Policies);
    }

    protected async Task<(Guid ApplicationId, Guid JobId)> AddApplicationAsync(string templateId = ApplicationGallery.GoToMeetingId)
    {
        var catalog = Context.Services.GetRequiredService<ApplicationCatalog>();
        var id = await catalog.AddAsync(templateId, await catalog.SuggestNameAsync(ApplicationGallery.GoToMeetingId, Ct), Ct);
        var app = await catalog.FindAsync(id, Ct);
        return (id, app!.JobId);
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
