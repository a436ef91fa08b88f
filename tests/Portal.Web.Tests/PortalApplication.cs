using Portal.Data.Tenancy;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Testing;
using Portal.Web.Endpoints;
using Portal.Web.Features.Api;
using Portal.Web.Identity;

namespace Portal.Web.Tests;

/// <summary>
/// The real web host in-process on a throw-away SQLite database, migrated at start-up like the embedded default.
/// <see cref="CreateClientAsync(Guid, string)"/> gives a client signed in as a tenant's user with one role, through the
/// real sign-in code and a real session cookie.
/// </summary>
public sealed class PortalApplication : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database = TestDatabase.CreateSqlite();

    public DatabaseSettings Database => _database.Settings;

    /// <summary>Extra settings (e.g. <c>AzureAd:*</c>); set before the first client is created.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Portal:Identity:DevSignIn"] = "true",
        ["Portal:Identity:SeedDemoTenant"] = "false",
    };

    /// <summary>The host environment; Development unless a test checks production behaviour.</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>Services replaced or configured by a test, applied after the host's own.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    public PortalDbContext CreateContext(Guid? tenantId = null) => _database.CreateContext(tenantId);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The repository root is the content root of the real host (appsettings.json, wwwroot/).
        builder.UseSolutionRelativeContentRoot(string.Empty);
        builder.UseEnvironment(Environment);
        builder.UseSetting(DatabaseSettings.ProviderKey, nameof(DatabaseProvider.Sqlite));
        builder.UseSetting(DatabaseSettings.ConnectionStringKey, _database.Settings.ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => ConfigureServices?.Invoke(services));
    }

    /// <summary>Registers a tenant for a new (or the given) directory id.</summary>
    public async Task<Tenant> AddTenantAsync(string displayName, string? directoryId = null)
    {
        _ = Services; // starts the host, which migrates the database
        var tenant = new Tenant { DirectoryId = directoryId ?? Guid.NewGuid().ToString(), DisplayName = displayName, CreatedAt = DateTimeOffset.UtcNow };
        await using var db = CreateContext(tenant.Id);
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        return tenant;
    }

    /// <summary>Adds a signed-in-before user with <paramref name="roles"/> to a tenant.</summary>
    public async Task<PortalUser> AddUserAsync(Guid tenantId, string userPrincipalName, params string[] roles)
    {
        var user = new PortalUser
        {
            ObjectId = Guid.NewGuid().ToString(),
            UserPrincipalName = userPrincipalName.ToLowerInvariant(),
            DisplayName = userPrincipalName,
            Roles = [.. roles],
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await using var db = CreateContext(tenantId);
        db.PortalUsers.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>A client signed in as a (new) user of <paramref name="tenantId"/> holding exactly <paramref name="role"/>.</summary>
    public async Task<HttpClient> CreateClientAsync(Guid tenantId, string role)
    {
        var user = await AddUserAsync(tenantId, $"{role.Replace("Portal.", "", StringComparison.Ordinal)}-{Guid.NewGuid():N}@test.example", role);
        return await CreateClientAsync(user, role);
    }

    /// <summary>A client signed in as <paramref name="user"/>, with their assigned roles or exactly <paramref name="role"/>.</summary>
    public async Task<HttpClient> CreateClientAsync(PortalUser user, string? role = null)
    {
        var cookie = await CreateSessionCookieAsync(user.Id, role);
        return CreateDefaultClient(new Uri("https://localhost"), new SessionCookieHandler(cookie));
    }

    /// <summary>
    /// A client that calls the API with a new key of <paramref name="tenantId"/> (stored as the API keys page stores one),
    /// no cookie; the key itself too, for tests that revoke or inspect it.
    /// </summary>
    public async Task<(HttpClient Client, ApiKey Key)> CreateApiClientAsync(Guid tenantId, ApiAccess access = ApiAccess.ReadAndProvision,
        DateTimeOffset? expiresAt = null)
    {
        var prefix = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        var token = $"{ApiKeys.TokenStart}{prefix}_{Guid.NewGuid():N}";
        var key = new ApiKey
        {
            Name = $"Test key {prefix}", Access = access, Prefix = prefix, Hash = ApiKeys.HashOf(token), CreatedAt = DateTimeOffset.UtcNow,
            ExpiresAt = expiresAt ?? DateTimeOffset.UtcNow.AddDays(30),
        };
        await using (var db = CreateContext(tenantId))
        {
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync();
        }

        var client = CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (client, key);
    }

    /// <summary>An anonymous client that does not follow redirects, so tests see them.</summary>
    public HttpClient CreateAnonymousClient() => CreateDefaultClient(new Uri("https://localhost"));

    /// <summary>Runs the dev sign-in's code for the user and protects the result as the session cookie would.</summary>
    public async Task<string> CreateSessionCookieAsync(Guid userId, string? role)
    {
        await using var scope = Services.CreateAsyncScope();
        var contexts = scope.ServiceProvider.GetRequiredService<TenantDbContexts>();
        var token = await AccountDevSignInEndpoints.DescribeAsync(contexts, userId, CancellationToken.None)
            ?? throw new InvalidOperationException($"User {userId} has no object id or does not exist.");
        var result = await scope.ServiceProvider.GetRequiredService<PortalSignIn>().CompleteAsync(token, SignInMethod.Dev, role, CancellationToken.None);
        var user = result.User ?? throw new InvalidOperationException($"Sign-in refused: {result.Refusal}");
        var options = scope.ServiceProvider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var ticket = new AuthenticationTicket(user.ToPrincipal(), new AuthenticationProperties(), CookieAuthenticationDefaults.AuthenticationScheme);
        return options.TicketDataFormat.Protect(ticket);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>Sends the session cookie with every request, like a browser would.</summary>
    private sealed class SessionCookieHandler(string cookie) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add("Cookie", $"{SessionCookie.Name}={cookie}");
            if (request.Headers.Accept.Count == 0)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
